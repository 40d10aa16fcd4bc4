import { EventEmitter } from 'node:events';
import type { RoomModeratorView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { inBatches } from '../store/batches.ts';

/** Emails that name no account: the whole change is refused, so nobody is added by halves. */
export class UnknownAccountsError extends Error {
  constructor(readonly emails: string[]) {
    super(`no account for ${emails.join(', ')}`);
  }
}

/** The room's standing co-moderators, by email. */
export function roomModerators(db: Db, roomId: string): Promise<RoomModeratorView[]> {
  return db
    .selectFrom('room_moderators')
    .innerJoin('users', 'users.id', 'room_moderators.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('room_moderators.room_id', '=', roomId)
    .orderBy('users.email')
    .execute();
}

export async function moderatorIds(db: Db, roomId: string): Promise<string[]> {
  return (await moderatorIdsOfRooms(db, [roomId])).get(roomId)!;
}

/** Each room's standing moderators (an empty list for a room with none), in few queries. */
export async function moderatorIdsOfRooms(db: Db, roomIds: string[]): Promise<Map<string, string[]>> {
  const found = new Map(roomIds.map((id) => [id, [] as string[]]));
  for (const batch of inBatches(roomIds)) {
    const rows = await db.selectFrom('room_moderators').select(['room_id', 'user_id']).where('room_id', 'in', batch).execute();
    for (const row of rows) found.get(row.room_id)!.push(row.user_id);
  }
  return found;
}

/** Ids of the rooms an account co-moderates. */
export async function roomsModeratedBy(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('room_moderators').select('room_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.room_id);
}

/**
 * The accounts behind `emails` among the members of the room's organization; throws
 * UnknownAccountsError naming every other email, another organization's people included.
 */
export async function resolveModerators(db: Db, emails: string[], organizationId: string): Promise<{ id: string; email: string }[]> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const users = wanted.length
    ? await db
        .selectFrom('users')
        .innerJoin('organization_members', 'organization_members.user_id', 'users.id')
        .select(['users.id', 'users.email'])
        .where('organization_members.organization_id', '=', organizationId)
        .where('users.email', 'in', wanted)
        .execute()
    : [];
  const unknown = wanted.filter((e) => !users.some((u) => u.email === e));
  if (unknown.length) throw new UnknownAccountsError(unknown);
  return users;
}

/** Writes the list inside the caller's transaction, so it lands together with the rest of the change. */
export async function writeModerators(trx: Db, roomId: string, userIds: string[]): Promise<void> {
  await trx.deleteFrom('room_moderators').where('room_id', '=', roomId).execute();
  const now = new Date().toISOString();
  if (userIds.length) await trx.insertInto('room_moderators').values(userIds.map((id) => ({ room_id: roomId, user_id: id, created_at: now }))).execute();
}

/** Replaces the list; throws UnknownAccountsError (and changes nothing) when an email has no account. */
export async function setRoomModerators(db: Db, room: { id: string; organization_id: string }, emails: string[]): Promise<RoomModeratorView[]> {
  const roomId = room.id;
  const users = await resolveModerators(db, emails, room.organization_id);
  await db.transaction().execute((trx) => writeModerators(trx, roomId, users.map((u) => u.id)));
  moderatorChanges.emit('changed', roomId);
  return roomModerators(db, roomId);
}

/** Tells this process at once that a room's standing moderators changed, so live meetings follow. */
export const moderatorChanges = new EventEmitter<{ changed: [roomId: string] }>();
