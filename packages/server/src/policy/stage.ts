import type { ClientMessage, ErrorCode, StagePlace } from '@moot/protocol';
import type { MemberKind } from '../meetings/member.ts';

/**
 * Decisions of a stage event: who may change it, who may be moved where, and what a member
 * may send from their place. Plain data in, a decision out; stage.test.ts checks the tables.
 */

export type StageMessageType = Extract<ClientMessage['type'], `stage${string}`>;

export interface StageActorFacts {
  /** The actor moderates the meeting. */
  moderator: boolean;
  /** The actor gives the talk under way. */
  currentSpeaker: boolean;
  /** A stage event runs in the meeting. */
  active: boolean;
}

type Decision<C extends ErrorCode> = { ok: true } | { ok: false; code: C };

/** Whether this actor may send this stage message: moderators all of them, the current speaker only "Pass the mic". */
export function decideStageAction(type: StageMessageType, f: StageActorFacts): Decision<'forbidden' | 'stage-off'> {
  if (type === 'stagePassMic' && f.currentSpeaker && f.active) return { ok: true };
  if (!f.moderator) return { ok: false, code: 'forbidden' };
  if (type !== 'stageMode' && !f.active) return { ok: false, code: 'stage-off' };
  return { ok: true };
}

/** Whether a member may be put in this place: someone who only listens sends nothing, so never speaks on stage. */
export function decideStagePlace(kind: MemberKind, place: StagePlace): Decision<'stage-listener'> {
  if (kind === 'listener' && place !== 'audience') return { ok: false, code: 'stage-listener' };
  return { ok: true };
}

/** What a member may send; `screen` is a screen share's publish, the others an unmute. */
export type Sending = 'audio' | 'video' | 'screen';

/**
 * Whether a member in this place may send this: the stage sends everything; backstage people
 * may turn their camera on to check it (the server does not forward it) but are never heard and
 * share no screen; the audience sends nothing.
 */
export function decideSending(place: StagePlace, sending: Sending): Decision<'stage-held'> {
  if (place === 'stage' || (place === 'backstage' && sending === 'video')) return { ok: true };
  return { ok: false, code: 'stage-held' };
}

/** Whether the media server forwards this member's camera to the others. */
export function forwardsCamera(place: StagePlace): boolean {
  return place === 'stage';
}
