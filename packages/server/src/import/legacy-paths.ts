import type { Db } from '../store/db.ts';

/** The room an imported room's old address leads to, if any. */
export async function roomForLegacyPath(db: Db, path: string): Promise<string | undefined> {
  const row = await db.selectFrom('legacy_paths').select('room_id').where('path', '=', path).executeTakeFirst();
  return row?.room_id;
}
