import type { ErrorCode, ServerMessage } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { can, type Principal } from '../policy/policy.ts';
import { BreakoutRooms, type BreakoutPlan } from './breakout-rooms.ts';

/**
 * Breakout rooms for the signaling hub: a moderator opens them, moves people (themselves too,
 * to visit), writes to all rooms and calls everyone back; people choose a room themselves when
 * the moderator lets them. Everyone in the meeting hears who is where.
 */
export class Breakouts {
  constructor(private log: Logger) {}

  private of(meeting: Meeting): BreakoutRooms | undefined {
    return meeting.breakouts instanceof BreakoutRooms ? meeting.breakouts : undefined;
  }

  async start(meeting: Meeting, plan: BreakoutPlan): Promise<ErrorCode | undefined> {
    if (meeting.breakouts) return 'breakouts-running';
    const rooms = new BreakoutRooms(
      meeting,
      plan,
      () => void this.end(meeting).catch((err: Error) => this.log.error({ err: err.message }, 'could not call the breakout rooms back')),
      () => this.send(meeting, rooms),
      () => meeting.broadcast({ type: 'breakouts', breakouts: null }),
    );
    meeting.breakouts = rooms;
    this.send(meeting, rooms);
    // The audience of an all-hands stays: a seat each in the rooms' mixes would cost what the program saves.
    if (plan.assign === 'random') await rooms.shareOut(meeting.roster.all().filter((p) => p.role !== 'moderator' && !p.audience && rooms.movable(p)));
    return undefined;
  }

  async move(meeting: Meeting, principal: Principal, actor: Participant, targetId: string, room: number | null): Promise<ErrorCode | undefined> {
    const rooms = this.of(meeting);
    if (!rooms) return 'no-breakouts';
    const target = meeting.roster.get(targetId);
    if (!target) return 'not-found-participant';
    const ownBreakoutChoice = target.id === actor.id && rooms.assign === 'choose';
    if (!can(principal, 'meeting.breakout-move', { meetingRole: actor.role, ownBreakoutChoice })) return target.id === actor.id ? 'breakout-choice-closed' : 'forbidden';
    if (!rooms.movable(target)) return 'breakout-phone';
    if (room !== null && !rooms.rooms[room]) return 'breakout-room-not-found';
    await rooms.move(target, room);
    return undefined;
  }

  message(meeting: Meeting, from: Participant, text: string): ErrorCode | undefined {
    if (!this.of(meeting)) return 'no-breakouts';
    meeting.broadcast({ type: 'breakoutMessage', from: from.name, text, at: new Date().toISOString() });
    return undefined;
  }

  async end(meeting: Meeting): Promise<ErrorCode | undefined> {
    const rooms = this.of(meeting);
    if (!rooms) return 'no-breakouts';
    await rooms.returnAll();
    return undefined;
  }

  /** A late joiner (or a resumed connection) learns the rooms and who is where. */
  joined(meeting: Meeting, participant: Participant): void {
    const rooms = this.of(meeting);
    if (rooms) participant.send(this.state(rooms));
  }

  private send(meeting: Meeting, rooms: BreakoutRooms): void {
    if (meeting.breakouts === rooms) meeting.broadcast(this.state(rooms));
  }

  private state(rooms: BreakoutRooms): ServerMessage {
    return { type: 'breakouts', breakouts: rooms.view() };
  }
}
