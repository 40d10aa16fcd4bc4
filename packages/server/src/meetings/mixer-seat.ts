import type { JanusHandle, JanusSession } from '../media/janus-client.ts';

/**
 * A participant's place in the meeting's audio mixer (Janus AudioBridge): one PeerConnection
 * that sends the microphone and receives the mix of everyone else.
 */
export class MixerSeat {
  private constructor(
    readonly handle: JanusHandle,
    readonly seatId: number,
  ) {}

  static async open(session: JanusSession, room: number, seatId: number, display: string, muted: boolean): Promise<MixerSeat> {
    const handle = await session.attach('janus.plugin.audiobridge');
    try {
      await handle.message({ request: 'join', room, id: seatId, display, muted });
    } catch (err) {
      await handle.detach();
      throw err;
    }
    return new MixerSeat(handle, seatId);
  }

  /** Relays the browser's offer (first one, or an ICE restart); returns the mixer's answer. */
  async offer(sdp: string): Promise<string> {
    const reply = await this.handle.message({ request: 'configure' }, { type: 'offer', sdp });
    if (!reply.jsep) throw new Error('Janus returned no answer');
    return reply.jsep.sdp;
  }

  /** The mixer drops a muted seat's audio: the mute holds whatever the browser sends. */
  async setMuted(muted: boolean): Promise<void> {
    await this.handle.message({ request: 'configure', muted });
  }

  close(): Promise<void> {
    return this.handle.detach();
  }
}
