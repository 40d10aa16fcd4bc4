import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode, ServerMessage } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Participant } from '../meetings/participant.ts';
import { audit } from '../audit/audit.ts';
import { findUserById } from '../accounts/accounts.ts';
import { roomDestinations } from './destinations.ts';
import { hlsSetting } from './hls.ts';
import type { StreamKeys } from './keys.ts';
import { LiveStream } from './live-stream.ts';

export type Refusal = { code: ErrorCode; details?: string[] };

/**
 * Starts and stops meetings' livestreams for their moderators (the hub has asked the policy),
 * tells everyone in the meeting, and tells the moderators when a destination fails or is back.
 * A stream ends with its meeting, and when the media server restarts (its forwarders are gone).
 */
export class Livestreams {
  private running = new Map<Meeting, LiveStream>();

  constructor(
    private db: Db,
    private keys: StreamKeys,
    private workRoot: string,
    meetings: Meetings,
    onMediaRestart: (listener: () => void) => void,
    private log: Logger,
  ) {
    mkdirSync(workRoot, { recursive: true, mode: 0o700 });
    meetings.onEnded((roomId) => {
      for (const meeting of this.running.keys()) if (meeting.options.roomId === roomId) void this.end(meeting);
    });
    onMediaRestart(() => {
      for (const meeting of this.running.keys()) void this.end(meeting);
    });
  }

  /** Where a live room's HLS files are (see hls.ts); the room id is checked by the route. */
  hlsDir(roomId: string): string {
    return join(this.workRoot, 'hls', roomId);
  }

  async set(meeting: Meeting, by: Participant, active: boolean): Promise<Refusal | undefined> {
    if (active === this.running.has(meeting)) {
      return { code: 'bad-request', details: [active ? 'the meeting is already live' : 'the meeting is not live'] };
    }
    const actor = { actor: await this.actor(by), target: meeting.options.roomId };
    if (!active) {
      await this.end(meeting, by.name);
      await audit(this.db, { ...actor, action: 'livestream.stop' });
      return undefined;
    }
    const destinations = await roomDestinations(this.db, this.keys, meeting.options.roomId);
    const hls = (await hlsSetting(this.db, meeting.options.roomId)).access !== 'off';
    if (!destinations.length && !hls) return { code: 'livestream-no-destinations' };
    const toModerators = (message: ServerMessage) => {
      for (const p of meeting.roster.moderators()) p.send(message);
    };
    const stream = new LiveStream(
      meeting,
      destinations,
      this.workRoot,
      {
        destinationFailing: (name, retryInSeconds) => toModerators({ type: 'livestreamDestination', name, state: 'failing', retryInSeconds }),
        destinationBack: (name) => toModerators({ type: 'livestreamDestination', name, state: 'live' }),
      },
      this.log,
      hls ? this.hlsDir(meeting.options.roomId) : undefined,
    );
    // Taken before the first await: a second start while this one opens is refused.
    this.running.set(meeting, stream);
    try {
      await stream.start();
    } catch (err) {
      this.running.delete(meeting);
      this.log.error({ err: String(err) }, 'livestream could not start');
      return { code: 'livestream-unavailable' };
    }
    if (this.running.get(meeting) !== stream) {
      await stream.stop();
      return { code: 'livestream-unavailable' };
    }
    await audit(this.db, { ...actor, action: 'livestream.start', details: { destinations: destinations.map((d) => d.name) } });
    meeting.broadcast({ type: 'livestreamState', active: true, by: by.name });
    return undefined;
  }

  private async actor(by: Participant): Promise<string> {
    if (!by.userId) return `guest: ${by.name}`;
    return (await findUserById(this.db, by.userId))?.email ?? `account ${by.userId}`;
  }

  /** Someone entered the meeting (or came back): they learn that it is live. */
  entered(meeting: Meeting, participant: Participant): void {
    if (this.running.has(meeting)) participant.send({ type: 'livestreamState', active: true });
  }

  private async end(meeting: Meeting, by?: string): Promise<void> {
    const stream = this.running.get(meeting);
    if (!stream) return;
    this.running.delete(meeting);
    meeting.broadcast({ type: 'livestreamState', active: false, ...(by ? { by } : {}) });
    await stream.stop();
  }
}
