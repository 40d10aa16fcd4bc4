import { z } from 'zod';
import { MAX_BREAKOUT_MINUTES, MAX_BREAKOUT_ROOMS, MAX_CHAT_LENGTH, MIN_BREAKOUT_ROOMS } from './limits.ts';

/**
 * Breakout rooms: a moderator splits the meeting into small rooms for a while. Each room is a
 * meeting of its own on the media server (its own mix, its own video), so people hear only
 * their room; the signaling connection stays the same, and the server tells each browser when
 * to move its media (`breakoutMoved`). Phone callers and people listening without WebRTC go
 * along or stay in the main room, as the moderator chose when opening the rooms.
 */

/** random: the server shares people out; manual: the moderator moves them; choose: people pick. */
export const BreakoutAssign = z.enum(['random', 'manual', 'choose']);
export type BreakoutAssign = z.infer<typeof BreakoutAssign>;

/**
 * go: phone callers and listeners (`listenOnly`) are shared out and moved like anyone, and a
 * listener's stream carries their room's mix; stay: they stay in the main room.
 */
export const BreakoutCallers = z.enum(['go', 'stay']);
export type BreakoutCallers = z.infer<typeof BreakoutCallers>;

export const BreakoutStart = z.strictObject({
  type: z.literal('breakoutStart'),
  rooms: z.number().int().min(MIN_BREAKOUT_ROOMS).max(MAX_BREAKOUT_ROOMS),
  assign: BreakoutAssign,
  minutes: z.number().int().min(1).max(MAX_BREAKOUT_MINUTES),
  callers: BreakoutCallers.default('stay'),
});

/** Moves someone to a room (null: the main room). Moderators move anyone, themselves to visit; others only themselves, when they may choose. */
export const BreakoutMove = z.strictObject({
  type: z.literal('breakoutMove'),
  participantId: z.string().min(1).max(32),
  room: z.number().int().min(0).max(MAX_BREAKOUT_ROOMS - 1).nullable(),
});

/** A moderator's message to every room. */
export const BreakoutMessage = z.strictObject({ type: z.literal('breakoutMessage'), text: z.string().trim().min(1).max(MAX_CHAT_LENGTH) });

/** Calls everyone back to the main room. */
export const BreakoutEnd = z.strictObject({ type: z.literal('breakoutEnd') });

export const breakoutClientMessages = [BreakoutStart, BreakoutMove, BreakoutMessage, BreakoutEnd] as const;

export interface BreakoutsView {
  rooms: { index: number; name: string }[];
  assign: BreakoutAssign;
  callers: BreakoutCallers;
  /** When everyone is called back (ISO 8601). */
  endsAt: string;
  /** Who is in which room; people not listed are in the main room. */
  where: Record<string, number>;
}

export type BreakoutServerMessage =
  /** The breakout rooms and who is where; null once everyone is back. */
  | { type: 'breakouts'; breakouts: BreakoutsView | null }
  /** This browser's media now belongs to another room (null: the main room): publish again. */
  | { type: 'breakoutMoved'; room: number | null }
  | { type: 'breakoutMessage'; from: string; text: string; at: string };
