import type { IncomingMessage } from 'node:http';
import type { Db } from '../store/db.ts';
import { membershipIn } from './members.ts';
import { requestOrganization } from './resolve.ts';
import { inBatches } from '../store/batches.ts';

/**
 * A session counts only in the organizations its account belongs to: at another organization's
 * address the person is nobody, exactly like someone not signed in.
 */
export async function belongsToRequest(db: Db, req: IncomingMessage, userId: string): Promise<boolean> {
  const org = await requestOrganization(db, req);
  return org !== undefined && (await membershipIn(db, org.id, userId)) !== undefined;
}

/** Whether a room (or what hangs from it: recordings, documents) is the request's organization's. */
export async function inRequestOrganization(db: Db, req: IncomingMessage, room: { organization_id: string }): Promise<boolean> {
  return (await requestOrganization(db, req))?.id === room.organization_id;
}

/** Which of these rooms are the request's organization's. */
export async function roomIdsOfRequestOrganization(db: Db, req: IncomingMessage, roomIds: string[]): Promise<Set<string>> {
  const org = await requestOrganization(db, req);
  if (!org || roomIds.length === 0) return new Set();
  const found = new Set<string>();
  for (const batch of inBatches(roomIds)) {
    const rows = await db.selectFrom('rooms').select('id').where('organization_id', '=', org.id).where('id', 'in', batch).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}
