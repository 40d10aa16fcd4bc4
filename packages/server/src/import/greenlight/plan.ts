import { DisplayName, Email } from '@moot/protocol';
import type { Db } from '../../store/db.ts';
import type { GreenlightData, GreenlightRoom, GreenlightUser } from './model.ts';
import { mapRoomOptions, type MootRoomSettings } from './room-settings.ts';

/**
 * create/add: new in moot; link: a moot account with the same email takes the Greenlight
 * account's rooms; done: brought in by an earlier run; skip: left out, with the reason.
 */
export type StepAction = 'create' | 'link' | 'add' | 'done' | 'skip';

export interface UserStep {
  greenlightId: string;
  email: string | null;
  name: string;
  action: StepAction;
  reason?: string;
  role: 'admin' | 'member';
  status: 'active' | 'suspended';
  /** The Greenlight password keeps working (local accounts only). */
  keepsPassword: boolean;
  /** The moot account, for link and done. */
  mootId?: string;
  passwordDigest: string | null;
  createdAt: string;
}

export interface RoomStep {
  greenlightId: string;
  name: string;
  ownerGreenlightId: string;
  action: StepAction;
  reason?: string;
  /** The old address that will redirect here; null when another room already answers it. */
  path: string | null;
  /** Remembered so that `moot import bbb-recordings` finds this room for the meeting's recordings. */
  meetingId: string | null;
  settings: MootRoomSettings;
  notes: string[];
  mootId?: string;
  createdAt: string;
}

export interface ModeratorStep {
  greenlightId: string;
  roomGreenlightId: string;
  userGreenlightId: string;
  action: StepAction;
  reason?: string;
}

export interface ImportPlan {
  source: 'greenlight2' | 'greenlight3';
  users: UserStep[];
  rooms: RoomStep[];
  moderators: ModeratorStep[];
}

/** What moot already holds that the plan depends on. */
async function mootState(db: Db, source: string) {
  const [imported, users, rooms, paths] = await Promise.all([
    db.selectFrom('imported').select(['kind', 'source_id', 'target_id']).where('source', '=', source).execute(),
    db.selectFrom('users').select(['id', 'email']).execute(),
    db.selectFrom('rooms').select('id').execute(),
    db.selectFrom('legacy_paths').select('path').execute(),
  ]);
  return {
    imported: new Map(imported.map((r) => [`${r.kind}:${r.source_id}`, r.target_id])),
    userByEmail: new Map(users.map((u) => [u.email, u.id])),
    userIds: new Set(users.map((u) => u.id)),
    roomIds: new Set(rooms.map((r) => r.id)),
    paths: new Set(paths.map((p) => p.path)),
  };
}

/** Names as moot's forms take them: 1 to 80 characters. */
function displayName(name: string, fallback: string): string {
  const parsed = DisplayName.safeParse(name.slice(0, 80));
  return parsed.success ? parsed.data : fallback;
}

/** Decides, without writing anything, what an import of `data` does to moot as it is now. */
export async function planImport(db: Db, data: GreenlightData): Promise<ImportPlan> {
  const source = `greenlight${data.version}` as const;
  const state = await mootState(db, source);

  const emailsSeen = new Set<string>();
  function userAction(u: GreenlightUser, email: string | null): Pick<UserStep, 'action' | 'reason' | 'mootId'> {
    const earlier = state.imported.get(`user:${u.id}`);
    if (earlier) return state.userIds.has(earlier) ? { action: 'done', mootId: earlier } : { action: 'skip', reason: 'imported before, and its moot account was deleted since' };
    if (u.deleted) return { action: 'skip', reason: 'deleted in Greenlight' };
    if (!email) return { action: 'skip', reason: 'no valid email address' };
    if (emailsSeen.has(email)) return { action: 'skip', reason: 'another Greenlight account has the same email' };
    emailsSeen.add(email);
    const existing = state.userByEmail.get(email);
    if (existing) return { action: 'link', mootId: existing, reason: 'a moot account with this email exists: it keeps its password and gets the rooms' };
    return { action: 'create' };
  }

  const users = data.users.map((u): UserStep => {
    const email = Email.safeParse(u.email ?? '');
    const base = {
      greenlightId: u.id,
      email: email.success ? email.data : u.email,
      name: displayName(u.name, email.success ? email.data.split('@')[0]! : 'Member'),
      role: u.admin ? ('admin' as const) : ('member' as const),
      status: u.active ? ('active' as const) : ('suspended' as const),
      keepsPassword: u.passwordDigest !== null,
      passwordDigest: u.passwordDigest,
      createdAt: u.createdAt,
    };
    return { ...base, ...userAction(u, email.success ? email.data : null) };
  });

  const userSteps = new Map(users.map((u) => [u.greenlightId, u]));
  const present = (step: UserStep | undefined) => step !== undefined && step.action !== 'skip';

  function roomAction(r: GreenlightRoom, notes: string[]): Pick<RoomStep, 'action' | 'reason' | 'mootId' | 'path'> {
    const earlier = state.imported.get(`room:${r.id}`);
    if (earlier) return state.roomIds.has(earlier) ? { action: 'done', mootId: earlier, path: r.path } : { action: 'skip', reason: 'imported before, and its moot room was deleted since', path: null };
    if (r.deleted) return { action: 'skip', reason: 'deleted in Greenlight', path: null };
    if (!present(userSteps.get(r.ownerId))) return { action: 'skip', reason: "its owner's account is not imported", path: null };
    if (state.paths.has(r.path)) {
      notes.push(`${r.path} already leads to another room: it keeps doing so`);
      return { action: 'create', path: null };
    }
    return { action: 'create', path: r.path };
  }

  const rooms = data.rooms.map((r): RoomStep => {
    const { settings, notes } = mapRoomOptions(r.options);
    const base = { greenlightId: r.id, name: displayName(r.name, 'Room'), ownerGreenlightId: r.ownerId, meetingId: r.meetingId, settings, notes, createdAt: r.createdAt };
    return { ...base, ...roomAction(r, notes) };
  });

  const roomSteps = new Map(rooms.map((r) => [r.greenlightId, r]));
  const moderators = data.shares.map((s): ModeratorStep => {
    const base = { greenlightId: s.id, roomGreenlightId: s.roomId, userGreenlightId: s.userId };
    if (state.imported.has(`moderator:${s.id}`)) return { ...base, action: 'done' };
    const room = roomSteps.get(s.roomId);
    const user = userSteps.get(s.userId);
    if (!room || room.action === 'skip') return { ...base, action: 'skip', reason: 'the room is not imported' };
    if (!user || !present(user)) return { ...base, action: 'skip', reason: 'the account is not imported' };
    const owner = userSteps.get(room.ownerGreenlightId);
    if (user.mootId !== undefined && user.mootId === owner?.mootId) return { ...base, action: 'skip', reason: 'the account owns the room' };
    return { ...base, action: 'add' };
  });

  return { source, users, rooms, moderators };
}
