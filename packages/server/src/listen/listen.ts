import type { ErrorCode, ListenServerMessage } from '@moot/protocol';
import { listenRoutes } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Meeting, MeetingListening } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import type { Sink } from './fanout.ts';
import { MeetingStream } from './meeting-stream.ts';
import { ListenTokens } from './tokens.ts';

/** Where a listener is: the meeting they entered, and the stream of the mix they hear now. */
interface Placed {
  main: Meeting;
  stream: MeetingStream;
}

/**
 * "Listen and chat" on the server: follows the listeners of every meeting, hands each of them
 * short-lived stream addresses, and connects a request for one to the stream of the mix they
 * hear: their meeting's, or their breakout room's while they are in one.
 */
export class Listen {
  private tokens = new ListenTokens();
  /** A stream per meeting or breakout room that has listeners. */
  private streams = new Map<Meeting, MeetingStream>();
  private placed = new Map<string, Placed>();

  constructor(private log: Logger) {}

  /** A member entered (or came back): a listener hears the mix of where they are. */
  entered(meeting: Meeting, participant: Participant): void {
    if (participant.kind !== 'listener') return;
    meeting.listening ??= this.following(meeting);
    this.place(meeting, participant);
  }

  /** What a meeting tells about its listeners. */
  private following(main: Meeting): MeetingListening {
    return {
      left: (p) => this.leave(p),
      moved: (p) => {
        if (this.placed.has(p.id)) this.place(main, p);
      },
      mediaReset: () => {
        // The breakout rooms closed with the media server: everyone hears the main room again.
        for (const [id, placed] of this.placed) {
          const p = placed.main === main && main.roster.get(id);
          if (p) this.place(main, p);
        }
        this.streams.get(main)?.mediaReset();
      },
      end: async () => {
        main.listening = undefined;
        const ending = [...this.placed].filter(([, p]) => p.main === main);
        for (const [id] of ending) this.placed.delete(id);
        const streams = new Set(ending.map(([, p]) => p.stream));
        const own = this.streams.get(main);
        if (own) streams.add(own);
        for (const stream of streams) this.streams.delete(stream.meeting);
        await Promise.allSettled([...streams].map((s) => s.end()));
      },
    };
  }

  /** Puts a listener on the stream of the mix of where they are now, ending the stream they had. */
  private place(main: Meeting, participant: Participant): void {
    const target = main.placeOf(participant);
    const now = this.placed.get(participant.id);
    if (now?.stream.meeting === target) return;
    if (now) this.leave(participant);
    let stream = this.streams.get(target);
    if (!stream) {
      stream = new MeetingStream(target, this.tokens, this.log.child({ room: target.options.roomId }));
      this.streams.set(target, stream);
    }
    stream.joined(participant);
    this.placed.set(participant.id, { main, stream });
  }

  private leave(participant: Participant): void {
    const now = this.placed.get(participant.id);
    if (!now) return;
    this.placed.delete(participant.id);
    now.stream.left(participant);
    if (now.stream.listenerCount > 0) return;
    this.streams.delete(now.stream.meeting);
    void now.stream.end();
  }

  /** A fresh stream address for a listener. */
  address(meeting: Meeting, participant: Participant): ListenServerMessage {
    const roomId = meeting.options.roomId;
    const { token, expiresAt } = this.tokens.issue(roomId, participant.id);
    return { type: 'listenStream', path: `${listenRoutes.stream(roomId)}?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /** Connects a request to the stream the listener hears now; an error code when the token does not open it. */
  open(roomId: string, token: string, sink: Sink): { ok: true; close: () => void } | { ok: false; code: ErrorCode } {
    const taken = this.tokens.take(roomId, token);
    if (!taken.ok) return taken;
    const placed = this.placed.get(taken.participantId);
    if (!placed || placed.main.options.roomId !== roomId || !placed.stream.has(taken.participantId)) return { ok: false, code: 'listen-token-invalid' };
    const { stream } = placed;
    stream.attach(taken.participantId, sink);
    return { ok: true, close: () => stream.detach(taken.participantId, sink) };
  }

  /** Listeners in all meetings (for the dashboard's gauges and tests). */
  listeners(): number {
    return this.placed.size;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.streams.values()].map((s) => s.end()));
    this.streams.clear();
    this.placed.clear();
  }
}
