import type { IncomingMessage } from 'node:http';
import type { Db } from '../store/db.ts';
import { membershipIn } from './members.ts';
import { requestOrganization } from './resolve.ts';

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
