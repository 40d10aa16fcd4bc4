import type { ShareLinkView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { hashSecret, randomId, randomSecret } from '../ids.ts';

/**
 * Time-limited links to one recording for people without an account. The token (256 random
 * bits) is shown once, when the link is made; only its hash is kept. Revoking deletes the row,
 * so the next request with the token finds nothing.
 */
export interface ShareLinksTable {
  /** Names the link in lists and in the audit log; never opens anything by itself. */
  id: string;
  recording_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
}

const linkDb = (db: Db) => db.withTables<{ recording_share_links: ShareLinksTable }>();

const view = (row: ShareLinksTable): ShareLinkView => ({ id: row.id, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at });

export async function createShareLink(db: Db, recordingId: string, createdBy: string, days: number, now = Date.now()): Promise<{ link: ShareLinkView; token: string }> {
  const token = randomSecret();
  const row: ShareLinksTable = {
    id: randomId(),
    recording_id: recordingId,
    token_hash: hashSecret(token),
    created_by: createdBy,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + days * 86_400_000).toISOString(),
  };
  await linkDb(db).insertInto('recording_share_links').values(row).execute();
  return { link: view(row), token };
}

/** The recording's links that still work, newest first. */
export async function activeShareLinks(db: Db, recordingId: string): Promise<ShareLinkView[]> {
  const rows = await linkDb(db)
    .selectFrom('recording_share_links')
    .selectAll()
    .where('recording_id', '=', recordingId)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(view);
}

export async function revokeShareLink(db: Db, recordingId: string, linkId: string): Promise<boolean> {
  const result = await linkDb(db).deleteFrom('recording_share_links').where('recording_id', '=', recordingId).where('id', '=', linkId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The link a token opens, when it exists and has not expired. */
export function shareLinkFor(db: Db, token: string): Promise<ShareLinksTable | undefined> {
  return linkDb(db)
    .selectFrom('recording_share_links')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
}
