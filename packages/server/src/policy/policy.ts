import type { ErrorCode, GuestPolicy, MeetingRole, ServerRole } from '@moot/protocol';

/**
 * Every permission decision of moot, in one place. Routes and the signaling hub ask here and
 * never decide on their own; policy.test.ts checks the whole table.
 */

export type Principal = { kind: 'user'; id: string; role: ServerRole } | { kind: 'anonymous' };

export type Action =
  | 'room.create'
  | 'room.list-own'
  | 'room.manage'
  | 'room.delete'
  | 'admin.users'
  | 'admin.settings'
  | 'admin.audit'
  | 'meeting.publish'
  | 'meeting.chat'
  | 'meeting.end'
  | 'meeting.moderate'
  | 'meeting.record'
  | 'meeting.livestream'
  | 'meeting.poll'
  | 'meeting.vote'
  | 'meeting.breakouts'
  | 'meeting.breakout-move'
  | 'meeting.present'
  | 'meeting.assign-presenter'
  | 'meeting.view-slides'
  | 'meeting.draw'
  | 'meeting.edit-notes'
  | 'room.notes'
  | 'room.livestream'
  | 'recording.view'
  | 'recording.manage'
  | 'recording.share-link'
  | 'recording.delete'
  | 'poll.results';

export interface Context {
  /** Owner of the room the action is about. */
  roomOwnerId?: string;
  /** The room's standing co-moderators (account ids). */
  roomModeratorIds?: string[];
  /** The actor's role in the meeting the action is about. */
  meetingRole?: MeetingRole;
  /** A moderator made the actor presenter in the meeting the action is about. */
  presenter?: boolean;
  /** Who may change the shared document the action is about (a moderator's choice in the meeting). */
  collabAccess?: 'everyone' | 'moderators';
  /** The actor moves themselves between breakout rooms that a moderator lets people choose. */
  ownBreakoutChoice?: boolean;
  /** The recording the action is about was shared with the actor by name. */
  recordingSharedWith?: boolean;
  /** The server lets administrators watch recordings not shared with them (off by default). */
  adminsMayWatch?: boolean;
}

type Rule = (p: Principal, c: Context) => boolean;

const signedIn: Rule = (p) => p.kind === 'user';
const admin: Rule = (p) => p.kind === 'user' && p.role === 'admin';
const roomOwner: Rule = (p, c) => p.kind === 'user' && c.roomOwnerId !== undefined && c.roomOwnerId === p.id;
const roomModerator: Rule = (p, c) => roomOwner(p, c) || (p.kind === 'user' && c.roomModeratorIds?.includes(p.id) === true);
const inMeeting: Rule = (_p, c) => c.meetingRole !== undefined;
const moderator: Rule = (_p, c) => c.meetingRole === 'moderator';

const rules: Record<Action, Rule> = {
  'room.create': signedIn,
  'room.list-own': signedIn,
  'room.manage': roomOwner,
  // Administrators may remove a room (abuse, departures) but not change or enter it.
  'room.delete': (p, c) => roomOwner(p, c) || admin(p, c),
  'admin.users': admin,
  'admin.settings': admin,
  'admin.audit': admin,
  'meeting.publish': inMeeting,
  'meeting.chat': inMeeting,
  'meeting.end': moderator,
  'meeting.moderate': moderator,
  'meeting.record': moderator,
  'meeting.livestream': moderator,
  // Polls: moderators ask and close; everyone in the meeting answers.
  'meeting.poll': moderator,
  'meeting.vote': inMeeting,
  'meeting.breakouts': moderator,
  // Moderators move anyone (themselves to visit); others only themselves, when the rooms are theirs to choose.
  'meeting.breakout-move': (p, c) => moderator(p, c) || (inMeeting(p, c) && c.ownBreakoutChoice === true),
  // Upload, delete and show slides, and move everyone's page.
  'meeting.present': (p, c) => moderator(p, c) || (inMeeting(p, c) && c.presenter === true),
  'meeting.assign-presenter': moderator,
  'meeting.view-slides': inMeeting,
  // The whiteboard: everyone in the meeting, or moderators and presenters when a moderator restricts it.
  'meeting.draw': (p, c) => moderator(p, c) || (inMeeting(p, c) && (c.collabAccess === 'everyone' || c.presenter === true)),
  'meeting.edit-notes': (p, c) => moderator(p, c) || (inMeeting(p, c) && c.collabAccess === 'everyone'),
  // Shared notes after the meeting: the room's owner and its moderators.
  'room.notes': roomModerator,
  // Livestream destinations (their stream keys are write-only) are the room's business, not administrators'.
  'room.livestream': roomModerator,
  // Recordings are private: the room's owner and moderators, those the owner shares with by name, nobody else.
  'recording.view': (p, c) => roomModerator(p, c) || (signedIn(p, c) && c.recordingSharedWith === true) || (admin(p, c) && c.adminsMayWatch === true),
  'recording.manage': roomOwner,
  // A time-limited link for people without an account: the room's moderators may hand one out.
  'recording.share-link': roomModerator,
  // Administrators may remove a recording (retention requests, abuse) without being able to watch it.
  'recording.delete': (p, c) => roomOwner(p, c) || admin(p, c),
  // Kept poll results belong with the room: its owner and moderators, not administrators.
  'poll.results': roomModerator,
};

export function can(principal: Principal, action: Action, context: Context = {}): boolean {
  return rules[action](principal, context);
}

export interface RoomAccess {
  ownerId: string;
  /** The room's standing co-moderators (account ids). */
  moderatorIds: string[];
  guests: GuestPolicy;
  accessCode: string | null;
  /** A suspended owner's rooms are frozen: kept, but no meeting starts in them. */
  ownerSuspended?: boolean;
}

export type JoinDecision =
  | { ok: true; as: 'member' | 'guest'; role: MeetingRole }
  | { ok: false; code: Extract<ErrorCode, 'owner-suspended' | 'members-only' | 'guests-disabled' | 'access-code-required' | 'wrong-access-code'> };

/**
 * Who may enter a room. Members (any signed-in account) always may; the owner and the room's
 * moderators moderate.
 * Guests need the room to allow them *and* guests to be on server-wide, and the code when
 * the room asks for one. Administrators get no extra rights in rooms that are not theirs.
 */
export function decideJoin(
  principal: Principal,
  room: RoomAccess,
  guestsOnServer: boolean,
  accessCode: string | undefined,
): JoinDecision {
  if (room.ownerSuspended) return { ok: false, code: 'owner-suspended' };
  if (principal.kind === 'user') {
    const moderates = principal.id === room.ownerId || room.moderatorIds.includes(principal.id);
    return { ok: true, as: 'member', role: moderates ? 'moderator' : 'participant' };
  }
  if (room.guests === 'off') return { ok: false, code: 'members-only' };
  if (!guestsOnServer) return { ok: false, code: 'guests-disabled' };
  if (room.guests === 'code') {
    if (!accessCode) return { ok: false, code: 'access-code-required' };
    if (accessCode !== room.accessCode) return { ok: false, code: 'wrong-access-code' };
  }
  return { ok: true, as: 'guest', role: 'guest' };
}
