import { readdir } from 'node:fs/promises';
import { audit } from '../audit/audit.ts';
import type { Db } from '../store/db.ts';
import { deleteRecordingRow, listRecordings, recDb, updateRecording, type RecordingRow } from './store.ts';
import type { Vault } from './vault.ts';
import { retentionByRoom } from '../orgs/settings.ts';

const DAY_MS = 86_400_000;
/** How long a failed recording keeps its raw streams (not encrypted) for "Try again". */
export const FAILED_RAW_KEEP_DAYS = 7;
/** A raw folder is made just before its row: one without a row is left alone this long. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Crypto-shredding: the wrapped data key goes first, so even a copy of the files taken before
 * they are deleted (a backup, an unlinked block on disk) stays unreadable; then the files,
 * then the row. The audit log keeps the fact.
 */
export async function shred(db: Db, vault: Vault, row: RecordingRow, who: { actor: string; origin?: string; reason: string }): Promise<void> {
  await updateRecording(db, row.id, { wrapped_key: null });
  await vault.remove(row.id);
  await deleteRecordingRow(db, row.id);
  await audit(db, { actor: who.actor, action: 'recording.delete', target: row.id, ...(who.origin ? { origin: who.origin } : {}), details: { room: row.room_id, reason: who.reason } });
}

/** The age limit of a recording in days: the shortest of the server's, its organization's and its room's; null: none. */
function limitDays(serverDays: number, ...others: (number | null | undefined)[]): number | null {
  const limits = [serverDays, ...others].filter((d): d is number => typeof d === 'number' && d > 0);
  return limits.length ? Math.min(...limits) : null;
}

/**
 * Shreds every recording past its age limit, and files whose row is gone (their room was
 * deleted); removes raw streams nothing will process any more.
 */
export async function purgeExpired(db: Db, vault: Vault, serverDays: number, actor: string, now = Date.now()): Promise<string[]> {
  const roomLimits = new Map(
    (await recDb(db).selectFrom('room_recording_settings').select(['room_id', 'max_age_days']).execute()).map((r) => [r.room_id, r.max_age_days]),
  );
  const organizationLimits = await retentionByRoom(db);
  const rows = await listRecordings(db);
  const expired = rows.filter((row) => {
    const days = limitDays(serverDays, organizationLimits.get(row.room_id), roomLimits.get(row.room_id));
    return row.state !== 'recording' && row.state !== 'processing' && days !== null && Date.parse(row.started_at) < now - days * DAY_MS;
  });
  for (const row of expired) await shred(db, vault, row, { actor, reason: 'expired' });
  const known = new Set(rows.map((r) => r.id));
  for (const file of await readdir(vault.dir)) {
    const id = /^([A-Za-z0-9_-]{22})\.(media|notes)$/.exec(file)?.[1];
    if (id && !known.has(id)) await vault.remove(id);
  }
  await purgeRaw(vault, rows, now);
  return expired.map((r) => r.id);
}

async function purgeRaw(vault: Vault, rows: RecordingRow[], now: number): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const { id, changedMs } of await vault.rawFolders()) {
    const row = byId.get(id);
    const keep = row
      ? row.state === 'recording' ||
        row.state === 'processing' ||
        (row.state === 'failed' && Date.parse(row.ended_at ?? row.started_at) > now - FAILED_RAW_KEEP_DAYS * DAY_MS)
      : changedMs > now - ORPHAN_GRACE_MS;
    if (!keep) await vault.removeRaw(id);
  }
}
