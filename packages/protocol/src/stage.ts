import { z } from 'zod';

/**
 * A stage event (lightning talks, all-hands): while a moderator has it on, each member of the
 * meeting has a place. On stage people speak, show their camera and share their screen as in
 * any meeting; backstage the next speakers wait, hear the stage and may check their camera, but
 * nobody hears or sees them; the audience watches and listens. The server holds backstage and
 * audience muted: an unmute from there is refused (`stage-held`). A queue of talks says who is
 * next, and the current talk has a timer everyone sees. "Pass the mic" hands the stage to the
 * next talk in one step; the current speaker may do it too, everything else is for moderators.
 */

export const StagePlace = z.enum(['stage', 'backstage', 'audience']);
export type StagePlace = z.infer<typeof StagePlace>;

export const MAX_STAGE_TALKS = 50;
export const MAX_TALK_TITLE = 120;
export const MAX_TALK_MINUTES = 120;

const ParticipantId = z.string().min(1).max(32);
const TalkId = z.string().min(1).max(32);

/** Moderators turn the stage event on (everyone but the moderators goes to the audience) or off (everyone speaks again). */
export const StageMode = z.strictObject({
  type: z.literal('stageMode'),
  active: z.boolean(),
  /** The length of a talk added without one. */
  defaultMinutes: z.number().int().min(1).max(MAX_TALK_MINUTES).default(5),
});

/** "Move to stage", "Move to backstage", "Move to audience" (moderators). */
export const StageMove = z.strictObject({ type: z.literal('stageMove'), participantId: ParticipantId, place: StagePlace });

/** Adds a talk at the end of the queue (moderators); its speaker waits backstage when it is next. */
export const StageQueueAdd = z.strictObject({
  type: z.literal('stageQueueAdd'),
  participantId: ParticipantId,
  title: z.string().trim().min(1).max(MAX_TALK_TITLE),
  /** Without it, the event's default length. */
  minutes: z.number().int().min(1).max(MAX_TALK_MINUTES).optional(),
});

/** Puts a queued talk at another position (0: next). */
export const StageQueueMove = z.strictObject({ type: z.literal('stageQueueMove'), talkId: TalkId, index: z.number().int().min(0).max(MAX_STAGE_TALKS - 1) });

export const StageQueueRemove = z.strictObject({ type: z.literal('stageQueueRemove'), talkId: TalkId });

/**
 * "Pass the mic": the current speaker goes to the audience, the next talk's speaker to the stage
 * (its timer starts), and the one after them to backstage. Moderators and the current speaker.
 */
export const StagePassMic = z.strictObject({ type: z.literal('stagePassMic') });

export const stageClientMessages = [StageMode, StageMove, StageQueueAdd, StageQueueMove, StageQueueRemove, StagePassMic] as const;

export interface TalkView {
  id: string;
  participantId: string;
  /** The speaker's name when the talk was added, for a speaker who has left since. */
  name: string;
  title: string;
  seconds: number;
}

export interface StageView {
  /** Who is on stage or backstage; everyone else is in the audience. */
  stage: string[];
  backstage: string[];
  /** The talks still to come, next first. */
  queue: TalkView[];
  /** The talk under way and how far it is, in seconds when this message was sent. */
  current: (TalkView & { elapsed: number }) | null;
  /** The timer warns in the talk's last seconds. */
  warnSeconds: number;
  defaultSeconds: number;
}

/** The stage event, to everyone at each change and on entry; null: no stage event (any more). */
export type StageServerMessage = { type: 'stage'; stage: StageView | null };
