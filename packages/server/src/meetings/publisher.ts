import type { VideoSource } from '@moot/protocol';
import type { JanusHandle, JanusSession } from '../media/janus-client.ts';

interface JanusStream {
  type?: string;
  mid?: string;
}

/** Bitrate caps Janus asks each sender to keep to (REMB), by source; the camera's covers its three simulcast layers. */
const BITRATE: Record<VideoSource, number> = { camera: 900_000, screen: 1_500_000 };

/** One video PeerConnection of a participant (camera or screen), as a VideoRoom publisher handle. */
export class Publisher {
  private published = false;
  private videoMid: string | undefined;

  private constructor(
    readonly handle: JanusHandle,
    readonly feedId: number,
    readonly source: VideoSource,
  ) {}

  static async open(session: JanusSession, janusRoom: number, feedId: number, source: VideoSource, display: string): Promise<Publisher> {
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
    const video = ((reply.data.streams as JanusStream[] | undefined) ?? []).find((s) => s.type === 'video');
    this.videoMid = video?.mid;
    return reply.jsep.sdp;
  }

  /** Stops (or resumes) relaying the video to everyone: a stopped camera stays stopped server-side. */
  async setRelay(send: boolean): Promise<void> {
    if (!this.published || this.videoMid === undefined) return;
    await this.handle.message({ request: 'configure', streams: [{ mid: this.videoMid, send }] });
  }

  close(): Promise<void> {
    return this.handle.detach();
  }
}
