import type { Logger } from '../log.ts';
import type { Candidate, ProgramViewer } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { Program } from './program.ts';

/**
 * A meeting's audience: members who watch the program instead of taking a seat in the mix. The
 * program runs while at least one of them is in the meeting (started with the first, stopped
 * with the last, the meeting's end, or a media server restart, then made again). Each member
 * has at most one viewer (their program PeerConnection); a new `watch` replaces the old.
 */
export class Audience {
  private members = new Set<string>();
  private viewers = new Map<string, ProgramViewer>();
  private program: Promise<Program> | undefined;
  /** Moves run one at a time, so a member's media is never in the mix and the program at once. */
  private moves: Promise<void> = Promise.resolve();
  private ended = false;

  // A private field: the meeting holds its audience, and a meeting must stay printable (no cycle).
  readonly #meeting: Meeting;

  constructor(
    meeting: Meeting,
    private log: Logger,
  ) {
    this.#meeting = meeting;
  }

  get size(): number {
    return this.members.size;
  }

  /** Whether the program is running (or starting) now. */
  get running(): boolean {
    return this.program !== undefined;
  }

  has(participant: Participant): boolean {
    return this.members.has(participant.id);
  }

  /** A member of the audience entered the meeting (or moved into the audience). */
  joined(participant: Participant): void {
    if (this.ended) return;
    this.members.add(participant.id);
    void this.ensureProgram().catch(() => undefined);
  }

  /** The member left the meeting or the audience: their viewer closes, and with the last one the program. */
  left(participant: Participant): void {
    if (!this.members.delete(participant.id)) return;
    this.closeViewer(participant.id);
    if (this.members.size === 0) void this.stopProgram();
  }

  /**
   * Opens (or replaces) the member's program PeerConnection; resolves with the media server's
   * offer, or undefined when they left the audience (a seat, or the meeting) while it was made.
   */
  async watch(participant: Participant): Promise<string | undefined> {
    // Not one of the audience: no program is started for nobody.
    if (!this.members.has(participant.id)) return undefined;
    const program = await this.ensureProgram();
    const viewer = await program.watch();
    if (!this.members.has(participant.id)) {
      await viewer.close();
      return undefined;
    }
    this.closeViewer(participant.id);
    this.viewers.set(participant.id, viewer);
    return viewer.offer;
  }

  /** The member's answer to the program's offer; false when no offer waits. */
  async answer(participant: Participant, sdp: string): Promise<boolean> {
    const viewer = this.viewers.get(participant.id);
    if (!viewer) return false;
    await viewer.answer(sdp);
    return true;
  }

  async trickle(participant: Participant, candidate: Candidate | null): Promise<void> {
    await this.viewers.get(participant.id)?.trickle(candidate);
  }

  /**
   * Moves a member between the audience and a seat: their seat, publishers and subscription (or
   * their viewer) are released, and their page is told to start its media again on the same socket.
   */
  move(participant: Participant, audience: boolean): Promise<void> {
    const moved = this.moves.then(() => this.moveNow(participant, audience));
    this.moves = moved.catch(() => undefined);
    return moved;
  }

  private async moveNow(participant: Participant, audience: boolean): Promise<void> {
    const meeting = this.#meeting;
    if (meeting.ended || !meeting.roster.get(participant.id) || participant.audience === audience) return;
    if (audience && participant.kind !== 'browser') throw new Error(`a ${participant.kind} member cannot join the audience`);
    if (audience) {
      const plan = meeting.mediaOf(participant);
      await plan.release(participant);
      participant.audience = true;
      // Nothing of theirs is heard or seen any more: the list says so.
      participant.audioMuted = true;
      participant.videoMuted = true;
      participant.speaking = false;
      participant.screenSharing = false;
      this.joined(participant);
      plan.refreshAll();
    } else {
      participant.audience = false;
      this.left(participant);
    }
    meeting.roster.changed(participant);
    meeting.media.refreshAll();
    participant.send({ type: 'audienceMoved', audience });
  }

  /** The media server restarted: the program and every viewer died with it; the pages watch again after `mediaReset`. */
  mediaReset(): void {
    this.viewers.clear();
    const old = this.program;
    this.program = undefined;
    void old?.then((p) => p.stop()).catch(() => undefined);
    if (this.members.size > 0) void this.ensureProgram().catch(() => undefined);
  }

  async end(): Promise<void> {
    this.ended = true;
    this.members.clear();
    for (const id of [...this.viewers.keys()]) this.closeViewer(id);
    await this.stopProgram();
    await this.moves;
  }

  private ensureProgram(): Promise<Program> {
    if (!this.program) {
      const starting = Program.start(this.#meeting, this.log);
      this.program = starting;
      starting.catch((err: Error) => {
        const current = this.program === starting;
        if (current) this.program = undefined;
        // A meeting that ended, or a media server that restarted, while the program started takes its rooms along: nothing went wrong.
        if (!current || this.ended || this.#meeting.ended) this.log.debug({ err: err.message }, 'the audience’s program stopped starting with its meeting');
        else this.log.error({ err: err.message }, 'the audience’s program could not start');
      });
    }
    return this.program;
  }

  private async stopProgram(): Promise<void> {
    const program = this.program;
    this.program = undefined;
    await program?.then((p) => p.stop()).catch(() => undefined);
  }

  private closeViewer(id: string): void {
    const viewer = this.viewers.get(id);
    this.viewers.delete(id);
    void viewer?.close().catch(() => undefined);
  }
}
