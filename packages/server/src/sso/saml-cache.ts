import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import { hashSecret } from '../ids.ts';
import type { Db } from '../store/db.ts';

/**
 * Where node-saml keeps the ids of the requests moot sent, so an answer's InResponseTo must name
 * one (and, taken away on use, only once). In the database, so a restart or a second server
 * process answers the same.
 */
export class SamlRequestIds implements CacheProvider {
  constructor(
    private db: Db,
    private provider: string,
    private lifetimeMs: number,
  ) {}

  private key(id: string): string {
    return hashSecret(`saml-request:${this.provider}:${id}`);
  }

  async saveAsync(id: string, value: string): Promise<CacheItem | null> {
    const createdAt = Date.now();
    await this.db.deleteFrom('sso_requests').where('expires_at', '<', new Date(createdAt).toISOString()).execute();
    await this.db
      .insertInto('sso_requests')
      .values({ id: this.key(id), provider: this.provider, data: value, expires_at: new Date(createdAt + this.lifetimeMs).toISOString() })
      .execute();
    return { value, createdAt };
  }

  async getAsync(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('sso_requests').select(['data', 'expires_at']).where('id', '=', this.key(id)).executeTakeFirst();
    return row && row.expires_at >= new Date().toISOString() ? row.data : null;
  }

  async removeAsync(id: string | null): Promise<string | null> {
    if (id === null) return null;
    const row = await this.db.deleteFrom('sso_requests').where('id', '=', this.key(id)).returning('data').executeTakeFirst();
    return row?.data ?? null;
  }
}
