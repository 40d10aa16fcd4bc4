import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import { RecordingKeyMissingError, ServerKey, type KeyBinding } from '../recordings/keys.ts';
import { recDb } from '../recordings/store.ts';
import type { Organization } from './orgs.ts';

/** What the vault asks of keys: a recording's data key wrapped for, and unwrapped in, the organization of its room. */
export interface RecordingKeys {
  wrap(dataKey: Buffer, recordingId: string, roomId: string): Promise<string>;
  unwrap(wrapped: string, recordingId: string, roomId: string): Promise<Buffer>;
}

export class OrganizationKeyInUseError extends Error {}

type Owner = Pick<Organization, 'id' | 'operator'>;

/**
 * Each organization's recordings key. The operator's organization keeps the server key, so what
 * was recorded before organizations existed opens as before; every other organization has its
 * own key file, `<dir>/<organization id>.key`, made when its first recording needs it. A key file
 * is read each time it is used: deleting it makes that organization's recordings unreadable at
 * once (`RecordingKeyMissingError`), and nobody else's.
 */
export class OrganizationKeys implements RecordingKeys {
  constructor(
    private db: Db,
    private serverKey: ServerKey,
    readonly dir: string,
  ) {}

  file(organizationId: string): string {
    return join(this.dir, `${organizationId}.key`);
  }

  private async ownerOfRoom(roomId: string): Promise<Owner> {
    return this.db
      .selectFrom('rooms')
      .innerJoin('organizations', 'organizations.id', 'rooms.organization_id')
      .select(['organizations.id', 'organizations.operator'])
      .where('rooms.id', '=', roomId)
      .executeTakeFirstOrThrow(() => new Error(`no room ${roomId}`));
  }

  private key(owner: Owner, create: boolean): ServerKey {
    if (owner.operator === 1) return this.serverKey;
    const file = this.file(owner.id);
    if (!create && !existsSync(file)) throw new RecordingKeyMissingError();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return ServerKey.open(file).key;
  }

  private binding(owner: Owner, recordingId: string): KeyBinding {
    return { recordingId, organizationId: owner.id, legacy: owner.operator === 1 };
  }

  async wrap(dataKey: Buffer, recordingId: string, roomId: string): Promise<string> {
    const owner = await this.ownerOfRoom(roomId);
    return this.key(owner, true).wrap(dataKey, this.binding(owner, recordingId));
  }

  async unwrap(wrapped: string, recordingId: string, roomId: string): Promise<Buffer> {
    const owner = await this.ownerOfRoom(roomId);
    return this.key(owner, false).unwrap(wrapped, this.binding(owner, recordingId));
  }

  /**
   * Makes a key the organization supplies (a key file's text) its recordings key. Refused while
   * recordings are sealed under another key, which the replaced file would take with it.
   */
  async adopt(org: Organization, text: string, name: string): Promise<{ keyId: string }> {
    if (org.operator === 1) throw new OrganizationKeyInUseError("the operator's organization uses the server key (recordings.keyFile)");
    const key = ServerKey.parse(text, name);
    const sealed = await recDb(this.db)
      .selectFrom('recordings')
      .innerJoin('rooms', 'rooms.id', 'recordings.room_id')
      .select('recordings.wrapped_key')
      .where('rooms.organization_id', '=', org.id)
      .where('recordings.wrapped_key', 'is not', null)
      .execute();
    if (sealed.some((r) => !key.wrapped(r.wrapped_key!))) {
      throw new OrganizationKeyInUseError(`${org.slug} has recordings sealed under its present key; a new key can only be given before its first recording`);
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(org.id);
    // Written beside, then renamed: a reader never sees half a key.
    writeFileSync(`${file}.new`, `${text.trim()}\n`, { mode: 0o600 });
    renameSync(`${file}.new`, file);
    return { keyId: key.id };
  }
}
