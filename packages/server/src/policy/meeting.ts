import type { ClientMessage, ErrorCode, LobbyPolicy, MeetingRole, ModerationAction } from '@moot/protocol';
import type { MemberKind } from '../meetings/member.ts';

/**
 * Decisions inside a live meeting: who waits at the door, and what moderators may do to whom.
 * Plain data in, a decision out; meeting-policy.test.ts checks the tables.
 */

export interface EntryFacts {
  role: MeetingRole;
  /** The room's lobby setting. */
  lobby: LobbyPolicy;
  locked: boolean;
  /** A moderator removed this person (account or guest key) from this meeting earlier. */
  removedBefore: boolean;
  /**
   * A moderator removed a guest from this meeting earlier. A guest has no account: a removed one
   * can come back with a new cookie, a new socket and a new address, so after a removal every
   * newly arriving guest needs a moderator's admission for the rest of the meeting.
   */
  guestRemovedBefore: boolean;
  /** The room's access rules let this person in only with a moderator's admission. */
  needsAdmission: boolean;
}

/** Whether someone the room's access rules let in enters at once or waits for a moderator. */
export function decideEntry(f: EntryFacts): 'enter' | 'wait' {
  if (f.role === 'moderator') return 'enter';
  if (f.locked || f.removedBefore || f.needsAdmission) return 'wait';
  if (f.role === 'guest' && f.guestRemovedBefore) return 'wait';
  if (f.lobby === 'everyone' || (f.lobby === 'guests' && f.role === 'guest')) return 'wait';
  return 'enter';
}

export interface ModerationFacts {
  /** The target owns the room. */
  targetIsOwner: boolean;
}

/** Actions that would take a room's owner out of their own meeting or their moderator role. */
const PROTECTS_OWNER: ReadonlySet<ModerationAction> = new Set(['demote', 'remove']);

/** Whether a moderator's action on a target may go ahead (the actor is already known to moderate). */
export function decideModeration(action: ModerationAction, f: ModerationFacts): { ok: true } | { ok: false; code: Extract<ErrorCode, 'forbidden'> } {
  if (f.targetIsOwner && PROTECTS_OWNER.has(action)) return { ok: false, code: 'forbidden' };
  return { ok: true };
}

/** The role a demoted person returns to: members participate, guests stay guests. */
export function roleAfterDemotion(isMember: boolean): MeetingRole {
  return isMember ? 'participant' : 'guest';
}

/**
 * What a member who only listens may not ask for: anything that sends, receives or describes
 * WebRTC media, or that would show them unmuted. Chat, hands and the rest stay open to them.
 */
const MEDIA_MESSAGES: ReadonlySet<ClientMessage['type']> = new Set(['publish', 'unpublish', 'answer', 'trickle', 'restartIce', 'mute', 'view', 'quality']);

/** What the program's PeerConnection uses: for members of the audience only. */
const PROGRAM_MESSAGES: ReadonlySet<ClientMessage['type']> = new Set(['programWatch', 'programAnswer', 'programTrickle']);

/**
 * Whether a browser member in (or out of) the audience may send this message: the audience
 * watches the program and sends nothing (not even an unmute, which would show them as speaking);
 * a seated member has no program to watch.
 */
export function decideByPlace(audience: boolean, type: ClientMessage['type']): { ok: true } | { ok: false; code: Extract<ErrorCode, 'audience-only' | 'not-in-audience'> } {
  if (audience && MEDIA_MESSAGES.has(type) && type !== 'quality') return { ok: false, code: 'audience-only' };
  if (!audience && PROGRAM_MESSAGES.has(type)) return { ok: false, code: 'not-in-audience' };
  return { ok: true };
}

/** Whether a member of this kind may send this message; `listen` (the HTTP stream) is for listeners only. */
export function decideByKind(kind: MemberKind, type: ClientMessage['type']): { ok: true } | { ok: false; code: Extract<ErrorCode, 'listening-only' | 'forbidden'> } {
  if (kind === 'listener' && MEDIA_MESSAGES.has(type)) return { ok: false, code: 'listening-only' };
  if (kind !== 'listener' && type === 'listen') return { ok: false, code: 'forbidden' };
  return { ok: true };
}
