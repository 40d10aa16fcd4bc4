import { z } from 'zod';
import { MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_POLL_QUESTION } from './limits.ts';

/**
 * Polls in a meeting: a moderator asks, everyone in the meeting with a browser answers (phone
 * callers cannot), moderators watch the answers come in, and the result is published to all
 * when the moderator closes the poll. Closed polls are kept with the meeting.
 */

/** `yesno` is a single choice between "Yes" and "No", whatever options were sent. */
export const PollKind = z.enum(['single', 'multiple', 'yesno']);
export type PollKind = z.infer<typeof PollKind>;

const PollId = z.string().min(1).max(32);

export const PollCreate = z
  .strictObject({
    type: z.literal('pollCreate'),
    question: z.string().trim().min(1).max(MAX_POLL_QUESTION),
    kind: PollKind,
    options: z.array(z.string().trim().min(1).max(MAX_POLL_OPTION)).max(MAX_POLL_OPTIONS).default([]),
    /** Anonymous: nobody, moderators included, learns who chose what. */
    anonymous: z.boolean(),
  })
  .refine((poll) => poll.kind === 'yesno' || poll.options.length >= 2, { message: 'a choice question needs at least two answers', path: ['options'] });

/** An answer, or a changed one while the poll is open: indexes into the poll's options. */
export const PollVote = z.strictObject({
  type: z.literal('pollVote'),
  pollId: PollId,
  choices: z.array(z.number().int().min(0).max(MAX_POLL_OPTIONS - 1)).min(1).max(MAX_POLL_OPTIONS),
});

/** Ends the answers; `publish` shows the result to everyone. */
export const PollClose = z.strictObject({ type: z.literal('pollClose'), pollId: PollId, publish: z.boolean() });

export const pollClientMessages = [PollCreate, PollVote, PollClose] as const;

export interface PollResults {
  /** Answers per option. */
  counts: number[];
  /** How many people answered. */
  voters: number;
  /** Named polls: who chose each option. */
  names?: string[][];
}

/** The meeting's current poll as one person sees it. */
export interface PollView {
  id: string;
  question: string;
  kind: PollKind;
  options: string[];
  anonymous: boolean;
  /** Who asked. */
  by: string;
  closed: boolean;
  published: boolean;
  /** This person's answer, if any. */
  mine: number[];
  /** Moderators always; everyone once published. */
  results?: PollResults;
}

export type PollServerMessage = { type: 'poll'; poll: PollView };

/** Where a room's kept poll results are read. */
export const pollResultsPath = (roomId: string) => `/api/rooms/${roomId}/polls`;

/** A closed poll as kept with the meeting (GET /api/rooms/:id/polls, room owner and moderators). */
export const PollResultView = z.strictObject({
  id: z.string(),
  meetingStartedAt: z.string(),
  question: z.string(),
  kind: PollKind,
  options: z.array(z.string()),
  anonymous: z.boolean(),
  published: z.boolean(),
  counts: z.array(z.number().int()),
  voters: z.number().int(),
  names: z.array(z.array(z.string())).nullable(),
  closedAt: z.string(),
});
export type PollResultView = z.infer<typeof PollResultView>;
export const PollResultsResponse = z.strictObject({ polls: z.array(PollResultView) });
export type PollResultsResponse = z.infer<typeof PollResultsResponse>;
