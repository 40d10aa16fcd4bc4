import { signal } from '@preact/signals';
import type { ClientMessage } from '@moot/protocol';
import { answerAsDtlsServer } from '../media/dtls-role.ts';
import { rtcConfiguration } from '../media/ice.ts';

/** After a failed connection, ask for the program again after this long (the server limits how often). */
const RETRY_MS = 3000;

/**
 * The audience's one PeerConnection: it receives the meeting's program (the mix and one picture)
 * and sends nothing. The server offers; each `watch` asks for a fresh offer and a new connection.
 */
export class ProgramReceiver {
  /** The program's audio and video, once they arrive. */
  readonly stream = signal<MediaStream | null>(null);
  private pc: RTCPeerConnection | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private watching = false;

  constructor(
    private readonly iceServers: () => RTCIceServer[],
    private readonly send: (message: ClientMessage) => boolean,
  ) {}

  /** Asks for the program (again); the answer comes as `programOffer`. */
  watch(): void {
    clearTimeout(this.retry);
    this.watching = true;
    this.send({ type: 'programWatch' });
  }

  async accept(sdp: string): Promise<void> {
    if (!this.watching) return;
    this.drop();
    const pc = new RTCPeerConnection(rtcConfiguration(this.iceServers()));
    this.pc = pc;
    const stream = new MediaStream();
    pc.ontrack = (event) => {
      stream.addTrack(event.track);
      this.stream.value = new MediaStream(stream.getTracks());
    };
    pc.onicecandidate = (event) => {
      const c = event.candidate;
      this.send({ type: 'programTrickle', candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null });
    };
    pc.onconnectionstatechange = () => {
      if (pc === this.pc && pc.connectionState === 'failed') this.retryLater();
    };
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      const answer = await pc.createAnswer();
      // Janus's offer is actpass: answering as the DTLS server lets it start the handshake at once.
      const asServer = answer.sdp === undefined ? undefined : answerAsDtlsServer(answer.sdp);
      await pc.setLocalDescription(asServer ? { type: 'answer', sdp: asServer } : answer).catch(() => pc.setLocalDescription(answer));
      if (pc !== this.pc) return;
      this.send({ type: 'programAnswer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' });
    } catch {
      if (pc === this.pc) this.retryLater();
    }
  }

  /** The live connection, to read its statistics. */
  get connection(): RTCPeerConnection | null {
    return this.pc;
  }

  /** Stops watching (the person took a seat, or left). */
  stop(): void {
    this.watching = false;
    clearTimeout(this.retry);
    this.drop();
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.watch(), RETRY_MS);
  }

  private drop(): void {
    const pc = this.pc;
    this.pc = null;
    this.stream.value = null;
    if (!pc) return;
    pc.ontrack = null;
    pc.onicecandidate = null;
    pc.onconnectionstatechange = null;
    pc.close();
  }
}
