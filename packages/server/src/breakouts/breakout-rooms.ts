import { randomInt } from 'node:crypto';
import type { BreakoutAssign, BreakoutCallers, BreakoutsView } from '@moot/protocol';
import type { Meeting, MeetingBreakouts } from '../meetings/meeting.ts';
import type { MediaPlan } from '../meetings/media-plan.ts';
import type { Participant } from '../meetings/participant.ts';

export interface BreakoutPlan {
  rooms: number;
  assign: BreakoutAssign;
  minutes: number;
  callers: BreakoutCallers;
}

/**
 * One round of breakout rooms in a meeting. Each room is a child meeting with media rooms of its
 * own (its own mix, its own video router); people stay in the main meeting's roster and on their
 * signaling connection, and only their media moves: out of one media plan, into another, and
 * the browser is told to publish again. Moves run one at a time, so a person's media is never
 * in two plans.
 */
export class BreakoutRooms implements MeetingBreakouts {
  readonly rooms: { index: number; name: string; meeting: Meeting }[];
  readonly assign: BreakoutAssign;
  readonly callers: BreakoutCallers;
  readonly endsAt: string;
  private where = new Map<string, number>();
  /** Members of the audience seated in a room for now: they go back to the audience with the call back. */
  private fromAudience = new Set<string>();
  private moves: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout;

  constructor(
    private main: Meeting,
    plan: BreakoutPlan,
    /** Time is up: everyone goes back. */
    timeUp: () => void,
    /** Who is where changed. */
    private changed: () => void,
    /** The rooms closed: everyone is back. */
    private closed: () => void,
  ) {
    this.assign = plan.assign;
    this.callers = plan.callers;
    this.rooms = Array.from({ length: plan.rooms }, (_, index) => {
      const name = `Room ${index + 1}`;
      return { index, name, meeting: main.child({ roomId: `${main.options.roomId}/${index + 1}`, roomName: `${main.options.roomName}: ${name}` }) };
    });
    const ms = plan.minutes * 60_000;
    this.endsAt = new Date(Date.now() + ms).toISOString();
    this.timer = setTimeout(timeUp, ms);
    this.timer.unref();
  }

  mediaOf(participant: Participant): MediaPlan | undefined {
    return this.meetingOf(participant)?.media;
  }

  meetingOf(participant: Participant): Meeting | undefined {
    const index = this.where.get(participant.id);
    return index === undefined ? undefined : this.rooms[index]?.meeting;
  }

  roomOf(participant: Participant): number | null {
    return this.where.get(participant.id) ?? null;
  }

  view(): BreakoutsView {
    return {
      rooms: this.rooms.map(({ index, name }) => ({ index, name })),
      assign: this.assign,
      callers: this.callers,
      endsAt: this.endsAt,
      where: Object.fromEntries(this.where),
    };
  }

  /**
   * Whether a member can go to a breakout room: a browser always; a phone caller and someone
   * listening without WebRTC when the moderator lets them go along.
   */
  movable(participant: Participant): boolean {
    return participant.kind === 'browser' || this.callers === 'go';
  }

  /** Shares out the people who are not moderators, evenly and at random. */
  async shareOut(people: Participant[]): Promise<void> {
    const order = [...people];
    for (let i = order.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    await Promise.all(order.map((p, i) => this.move(p, i % this.rooms.length)));
  }

  /** Moves a member's media to a room (null: the main room) and tells their browser to publish again. */
  move(participant: Participant, to: number | null): Promise<void> {
    const moved = this.moves.then(() => this.moveNow(participant, to));
    // One failed move (the media server refused) must not hold up the ones after it.
    this.moves = moved.catch(() => undefined);
    return moved;
  }

  private async moveNow(participant: Participant, to: number | null): Promise<void> {
    if (this.main.breakouts !== this || !this.main.roster.get(participant.id)) return;
    const from = this.where.get(participant.id) ?? null;
    if (from === to) return;
    // From here on the member's messages reach the new plan; what still comes for the old
    // connections finds nothing there and is dropped.
    if (to === null) this.where.delete(participant.id);
    else this.where.set(participant.id, to);
    await this.leavePlan(participant, from);
    if (to !== null) this.rooms[to]?.meeting.roster.participants.set(participant.id, participant);
    this.main.listening?.moved(participant);
    // A member of the audience sent to a room takes a seat in its mix like everyone there (a
    // room is for talking) and watches the program again once back. Their page is in the
    // audience while it hears of a move, so it publishes only after `audienceMoved` seats it.
    if (to === null && this.fromAudience.delete(participant.id)) await this.main.setAudience(participant, true);
    participant.send({ type: 'breakoutMoved', room: to });
    if (to !== null && participant.audience) {
      this.fromAudience.add(participant.id);
      await this.main.setAudience(participant, false);
    }
    this.changed();
  }

  private async leavePlan(participant: Participant, from: number | null): Promise<void> {
    const room = from === null ? undefined : this.rooms[from]?.meeting;
    room?.roster.participants.delete(participant.id);
    const plan = room?.media ?? this.main.media;
    await plan.release(participant);
    plan.refreshAll();
  }

  async left(participant: Participant): Promise<void> {
    const from = this.where.get(participant.id);
    if (from === undefined) return;
    this.where.delete(participant.id);
    this.fromAudience.delete(participant.id);
    await this.leavePlan(participant, from);
    this.changed();
  }

  /** Everyone back to the main room, then the rooms close. */
  async returnAll(): Promise<void> {
    for (const id of [...this.where.keys()]) {
      const participant = this.main.roster.get(id);
      if (participant) await this.move(participant, null);
    }
    await this.close();
  }

  /** Closes the rooms; whoever is still in one has their media in the main room from now on. */
  async close(): Promise<void> {
    if (this.main.breakouts !== this) return;
    clearTimeout(this.timer);
    this.main.breakouts = undefined;
    this.where.clear();
    await this.moves;
    await Promise.allSettled(this.rooms.map((r) => r.meeting.end()));
    this.closed();
  }
}
