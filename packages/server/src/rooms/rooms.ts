import type { GuestPolicy, LobbyPolicy, RoomView } from '@moot/protocol';
import { routes } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import type { RoomsTable } from '../store/schema.ts';
import { randomInt } from 'node:crypto';
import { randomId } from '../ids.ts';
import type { RoomAccess } from '../policy/policy.ts';
import { setRoomRecordingSettings, type RoomRecordingSettings } from '../recordings/store.ts';
import type { Config } from '../config.ts';
import { dialInView } from '../phone/dial-in-view.ts';
import { freshDialInPin } from './dial-in-pin.ts';
import { resolveModerators, writeModerators } from './moderators.ts';
import { operatorOrganization } from '../orgs/orgs.ts';

export type Room = RoomsTable;
export type RoomWithOwner = Room & { owner_name: string; owner_status?: 'active' | 'suspended' };

export interface RoomInput {
  name: string;
  guests: GuestPolicy;
  accessCode?: string;
  maxParticipants?: number;
  lobby?: LobbyPolicy;
  joinMutedAbove?: number;
  /** People join as audience (moderators still take a seat). */
  joinAsAudience?: boolean;
  /** Co-moderators by email: every one must have an account, or nothing is written. */
  moderators?: string[];
  recording?: RoomRecordingSettings;
  /** The organization the room belongs to; the operator's own when not given. */
  organizationId?: string;
}

/**
 * The moderators' emails are checked before anything is written, then the room, its moderators
 * and its recording settings are written in one transaction: a refused or failed change leaves
 * nothing behind, so trying again never makes a second room.
 */
async function writeRoom(db: Db, room: Room, input: Partial<RoomInput>, write: (trx: Db) => Promise<void>): Promise<void> {
  const moderators = input.moderators && (await resolveModerators(db, input.moderators, room.organization_id));
  await db.transaction().execute(async (trx) => {
    await write(trx);
    if (moderators) await writeModerators(trx, room.id, moderators.map((m) => m.id));
    if (input.recording) await setRoomRecordingSettings(trx, room.id, input.recording);
  });
}

/** Rooms with guests by access code need a code; when none is given, one is made. */
function codeFor(guests: GuestPolicy, given: string | undefined, current: string | null): string | null {
  if (guests !== 'code') return null;
  return given ?? current ?? randomCode();
}

/** Eight digits: typed on a phone keypad too, and with the attempt limits years away from a guess. */
export function randomCode(): string {
  return String(randomInt(10_000_000, 100_000_000));
}

export async function createRoom(db: Db, ownerId: string, input: RoomInput, defaultMax: number): Promise<Room> {
  const room: Room = {
    id: randomId(),
    owner_id: ownerId,
    name: input.name.trim(),
    guests: input.guests,
    access_code: codeFor(input.guests, input.accessCode, null),
    max_participants: input.maxParticipants ?? defaultMax,
    lobby: input.lobby ?? 'off',
    join_muted_above: input.joinMutedAbove ?? 10,
    join_as_audience: input.joinAsAudience ? 1 : 0,
    dial_in_pin: await freshDialInPin(db),
    created_at: new Date().toISOString(),
    organization_id: input.organizationId ?? (await operatorOrganization(db)).id,
  };
  await writeRoom(db, room, input, (trx) => trx.insertInto('rooms').values(room).execute().then(() => undefined));
  return room;
}

export async function updateRoom(db: Db, room: Room, input: Partial<RoomInput>): Promise<Room> {
  const guests = input.guests ?? room.guests;
  const next: Room = {
    ...room,
    name: input.name?.trim() ?? room.name,
    guests,
    access_code: codeFor(guests, input.accessCode, room.access_code),
    max_participants: input.maxParticipants ?? room.max_participants,
    lobby: input.lobby ?? room.lobby,
    join_muted_above: input.joinMutedAbove ?? room.join_muted_above,
    join_as_audience: input.joinAsAudience === undefined ? room.join_as_audience : Number(input.joinAsAudience),
  };
  await writeRoom(db, room, input, async (trx) => {
    await trx
      .updateTable('rooms')
      .set({
        name: next.name,
        guests: next.guests,
        access_code: next.access_code,
        max_participants: next.max_participants,
        lobby: next.lobby,
        join_muted_above: next.join_muted_above,
        join_as_audience: next.join_as_audience,
      })
      .where('id', '=', room.id)
      .execute();
  });
  return next;
}

export async function deleteRoom(db: Db, id: string): Promise<void> {
  await db.deleteFrom('rooms').where('id', '=', id).execute();
}

function withOwner(db: Db) {
  return db
    .selectFrom('rooms')
    .innerJoin('users', 'users.id', 'rooms.owner_id')
    .selectAll('rooms')
    .select(['users.name as owner_name', 'users.status as owner_status']);
}

/** What the policy needs to decide who may enter the room, and as what. */
export function roomAccess(room: RoomWithOwner, moderatorIds: string[]): RoomAccess {
  return { ownerId: room.owner_id, moderatorIds, guests: room.guests, accessCode: room.access_code, ownerSuspended: room.owner_status === 'suspended' };
}

export function findRoom(db: Db, id: string): Promise<RoomWithOwner | undefined> {
  return withOwner(db).where('rooms.id', '=', id).executeTakeFirst();
}

export function listRooms(db: Db, ownerId?: string): Promise<RoomWithOwner[]> {
  const query = withOwner(db).orderBy('rooms.created_at');
  return (ownerId ? query.where('rooms.owner_id', '=', ownerId) : query).execute();
}

/** The rooms whose owners named this account a moderator. */
export function roomsModerated(db: Db, userId: string): Promise<RoomWithOwner[]> {
  return withOwner(db)
    .innerJoin('room_moderators', 'room_moderators.room_id', 'rooms.id')
    .where('room_moderators.user_id', '=', userId)
    .orderBy('rooms.created_at')
    .execute();
}

export function roomUrl(publicUrl: string, id: string): string {
  return `${publicUrl}${routes.roomPage(id)}`;
}

export function roomView(
  room: RoomWithOwner,
  publicUrl: string,
  opts: { showCode: boolean; live: number; moderators?: string[]; recording?: RoomRecordingSettings; sip?: Config['sip'] },
): RoomView {
  const dialIn = opts.showCode && opts.sip ? dialInView(opts.sip, room.dial_in_pin) : undefined;
  return {
    id: room.id,
    name: room.name,
    url: roomUrl(publicUrl, room.id),
    guests: room.guests,
    ...(opts.showCode && room.access_code ? { accessCode: room.access_code } : {}),
    ...(dialIn ? { dialIn } : {}),
    maxParticipants: room.max_participants,
    lobby: room.lobby,
    joinMutedAbove: room.join_muted_above,
    joinAsAudience: room.join_as_audience === 1,
    owner: { id: room.owner_id, name: room.owner_name },
    ...(opts.moderators ? { moderators: opts.moderators } : {}),
    ...(opts.recording ? { recording: opts.recording } : {}),
    createdAt: room.created_at,
    live: opts.live,
  };
}
