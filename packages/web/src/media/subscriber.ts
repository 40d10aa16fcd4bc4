import type { ClientMessage, StreamView } from '@moot/protocol';
import { answerAsDtlsServer } from './dtls-role.ts';
import { signaledConnection } from './ice.ts';

/** A remote track and whose it is. */
export interface RemoteTrack extends StreamView {
  track: MediaStreamTrack;
}

/**
 * The receiving PeerConnection. The server renegotiates it whenever people come and go;
 * offers are applied strictly one after another, and `streams` tells which mid is whose.
 */
export class Subscriber {
  private readonly pc: RTCPeerConnection;
  private readonly closeConnection: () => void;
  private streams = new Map<string, StreamView>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    iceServers: RTCIceServer[],
    private readonly send: (message: ClientMessage) => void,
    private readonly onTracks: (tracks: RemoteTrack[]) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {
    ({ pc: this.pc, close: this.closeConnection } = signaledConnection(iceServers, 'subscriber', send, () => this.restartIce()));
    this.pc.ontrack = () => this.report();
  }

  handleOffer(sdp: string, streams: StreamView[]): void {
    this.queue = this.queue.then(() => this.apply(sdp, streams));
  }

  restartIce(): void {
    if (!this.closed) this.send({ type: 'restartIce' });
  }

  get connection(): RTCPeerConnection {
    return this.pc;
  }

  close(): void {
    this.closed = true;
    this.closeConnection();
  }

  private async apply(sdp: string, streams: StreamView[]): Promise<void> {
    if (this.closed) return;
    // Known before setRemoteDescription, because ontrack fires during it.
    this.streams = new Map(streams.map((stream) => [stream.mid, stream]));
    try {
      await this.pc.setRemoteDescription({ type: 'offer', sdp });
      const answer = await this.pc.createAnswer();
      await this.setAnswer(answer);
      if (this.closed) return;
      this.send({ type: 'answer', sdp: this.pc.localDescription?.sdp ?? answer.sdp ?? '' });
      this.report();
    } catch (error) {
      if (!this.closed) this.onFailure(error);
    }
  }

  /** Sets the answer as the DTLS server; a browser that refuses the change keeps its own choice. */
  private async setAnswer(answer: RTCSessionDescriptionInit): Promise<void> {
    const asServer = answer.sdp === undefined ? undefined : answerAsDtlsServer(answer.sdp);
    if (asServer !== undefined && asServer !== answer.sdp) {
      try {
        await this.pc.setLocalDescription({ type: 'answer', sdp: asServer });
        return;
      } catch {
        // Refused: the answer as the browser made it still connects, only later.
      }
    }
    await this.pc.setLocalDescription(answer);
  }

  private report(): void {
    if (this.closed) return;
    const tracks: RemoteTrack[] = [];
    for (const transceiver of this.pc.getTransceivers()) {
      const stream = transceiver.mid === null ? undefined : this.streams.get(transceiver.mid);
      if (stream && transceiver.currentDirection !== 'inactive') tracks.push({ ...stream, track: transceiver.receiver.track });
    }
    this.onTracks(tracks);
  }
}
