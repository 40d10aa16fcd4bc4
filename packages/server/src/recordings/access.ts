import type { User } from '../accounts/accounts.ts';
import { principalOf } from '../http/auth.ts';
import { can } from '../policy/policy.ts';
import { findRoom } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import type { Db } from '../store/db.ts';
import { isSharedWith, type RecordingRow } from './store.ts';

export interface RecordingAccess {
  view: boolean;
  manage: boolean;
  delete: boolean;
  shareLink: boolean;
}

/** What an account may do with one recording, as the policy says (asked with the facts it needs). */
export async function accessTo(db: Db, user: User | undefined, row: RecordingRow, adminsMayWatch: boolean): Promise<RecordingAccess> {
  const principal = principalOf(user);
  const room = await findRoom(db, row.room_id);
  const context = {
    ...(room ? { roomOwnerId: room.owner_id, roomModeratorIds: await moderatorIds(db, room.id) } : {}),
    recordingSharedWith: user ? await isSharedWith(db, row.id, user.id) : false,
    adminsMayWatch,
  };
  return {
    view: can(principal, 'recording.view', context),
    manage: can(principal, 'recording.manage', context),
    delete: can(principal, 'recording.delete', context),
    shareLink: can(principal, 'recording.share-link', context),
  };
}
