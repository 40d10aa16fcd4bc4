import type { Source } from '@moot/protocol';
import type { JanusHandle, JanusSession } from '../media/janus-client.ts';

interface JanusStream {
  type?: string;
  mid?: string;
}

/** Bitrate caps Janus asks each sender to keep to (REMB), by source. */
const BITRATE: Record<Source, number> = { camera: 512_000, screen: 1_500_000 };

/** One sending PeerConnection of a participant, as a VideoRoom publisher handle. */
export class Publisher {
  private published = false;
  private mids: Partial<Record<'audio' | 'video', string>> = {};

  private constructor(
    readonly handle: JanusHandle,
    readonly feedId: number,
    readonly source: Source,
  ) {}

  static async open(session: JanusSession, janusRoom: number, feedId: number, source: Source, display: string): Promise<Publisher> {
    const handle = await session.attach('janus.plugin.videoroom');
    try {
      await handle.message({ request: 'join', ptype: 'publisher', room: janusRoom, id: feedId, display });
    } catch (err) {
      await handle.detach();
      throw err;
    }
    return new Publisher(handle, feedId, source);
  }

  /** Relays the browser's offer (first publish, renegotiation or ICE restart); returns Janus's answer. */
  async offer(sdp: string): Promise<string> {
    const body = this.published ? { request: 'configure' } : { request: 'publish', bitrate: BITRATE[this.source] };
    const reply = await this.handle.message(body, { type: 'offer', sdp });
    if (!reply.jsep) throw new Error('Janus returned no answer');
    this.published = true;
    for (const s of (reply.data.streams as JanusStream[] | undefined) ?? []) {
      if ((s.type === 'audio' || s.type === 'video') && s.mid !== undefined) this.mids[s.type] = s.mid;
    }
    return reply.jsep.sdp;
  }

  /** Stops (or resumes) relaying one kind of media to everyone: a mute that holds server-side. */
  async setRelay(kind: 'audio' | 'video', send: boolean): Promise<void> {
    const mid = this.mids[kind];
    if (!this.published || mid === undefined) return;
    await this.handle.message({ request: 'configure', streams: [{ mid, send }] });
  }

  close(): Promise<void> {
    return this.handle.detach();
  }
}
