import type { ErrorCode, ListenServerMessage } from '@moot/protocol';
import { listenRoutes } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Participant } from '../meetings/participant.ts';
import type { Sink } from './fanout.ts';
import { MeetingStream } from './meeting-stream.ts';
import { ListenTokens } from './tokens.ts';

/**
 * "Listen and chat" on the server: follows the listeners of every meeting, hands each of them
 * short-lived stream addresses, and connects a request for one to the meeting's stream.
 */
export class Listen {
  private tokens = new ListenTokens();
  private streams = new Map<Meeting, MeetingStream>();

  constructor(
    private meetings: Meetings,
    private log: Logger,
  ) {}

  /** A member entered (or came back): a listener's meeting starts forwarding its mix. */
  entered(meeting: Meeting, participant: Participant): void {
    if (participant.kind !== 'listener') return;
    let stream = this.streams.get(meeting);
    if (!stream) {
      stream = new MeetingStream(meeting, this.tokens, this.log.child({ room: meeting.options.roomId }));
      const created = stream;
      // The meeting ends its stream: forget it then.
      meeting.listening = { left: (p) => created.left(p), mediaReset: () => created.mediaReset(), end: async () => {
        this.streams.delete(meeting);
        await created.end();
      } };
      this.streams.set(meeting, stream);
    }
    stream.joined(participant);
  }

  /** A fresh stream address for a listener. */
  address(meeting: Meeting, participant: Participant): ListenServerMessage {
    const roomId = meeting.options.roomId;
    const { token, expiresAt } = this.tokens.issue(roomId, participant.id);
    return { type: 'listenStream', path: `${listenRoutes.stream(roomId)}?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /** Connects a request to the room's stream; an error code when the token does not open it. */
  open(roomId: string, token: string, sink: Sink): { ok: true; close: () => void } | { ok: false; code: ErrorCode } {
    const taken = this.tokens.take(roomId, token);
    if (!taken.ok) return taken;
    const meeting = this.meetings.meetingOf(roomId);
    const stream = meeting && this.streams.get(meeting);
    if (!stream?.has(taken.participantId)) return { ok: false, code: 'listen-token-invalid' };
    stream.attach(taken.participantId, sink);
    return { ok: true, close: () => stream.detach(taken.participantId, sink) };
  }

  /** Listeners in all meetings (for the dashboard's gauges and tests). */
  listeners(): number {
    let count = 0;
    for (const stream of this.streams.values()) count += stream.listenerCount;
    return count;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.streams.values()].map((s) => s.end()));
    this.streams.clear();
  }
}
