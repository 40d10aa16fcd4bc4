import type { ClientMessage, Source } from '@moot/protocol';
import { trickleCandidates, watchIce } from './ice.ts';

/**
 * One sending PeerConnection: "camera" carries the microphone and the camera, "screen" a
 * screen share. Every transceiver exists from the start, even without a track, so that
 * turning a device on or off is a replaceTrack and never a renegotiation.
 */
export class Publisher {
  private readonly pc: RTCPeerConnection;
  private readonly senders = new Map<'audio' | 'video', RTCRtpSender>();
  private readonly stopWatching: () => void;
  private awaitingAnswer = false;
  private restartWanted = false;
  private closed = false;

  constructor(
    readonly source: Source,
    iceServers: RTCIceServer[],
    tracks: { audio?: MediaStreamTrack | null; video: MediaStreamTrack | null },
    private readonly send: (message: ClientMessage) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers });
    const stream = new MediaStream();
    // Audio first, then video: the server relies on this order of m-lines.
    if (tracks.audio !== undefined) this.addSender('audio', tracks.audio, stream);
    this.addSender('video', tracks.video, stream);
    trickleCandidates(this.pc, source, send);
    this.stopWatching = watchIce(this.pc, () => this.restartIce());
  }

  /** Sends the first offer. */
  publish(): void {
    void this.offer(false);
  }

  async acceptAnswer(sdp: string): Promise<void> {
    if (this.closed || this.pc.signalingState !== 'have-local-offer') return;
    this.awaitingAnswer = false;
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      this.onFailure(error);
    }
    if (this.restartWanted) this.restartIce();
  }

  /** Sends the pending offer again, when it may have been lost with a dropped socket. */
  resendPendingOffer(): void {
    const sdp = this.pc.localDescription?.sdp;
    if (this.awaitingAnswer && sdp && !this.closed) this.send({ type: 'publish', source: this.source, sdp });
  }

  /** New ICE credentials, for a network change or a connection that failed. */
  restartIce(): void {
    if (this.closed) return;
    // An offer is already on its way; restart once its answer is in.
    if (this.awaitingAnswer) {
      this.restartWanted = true;
      return;
    }
    this.restartWanted = false;
    void this.offer(true);
  }

  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    const sender = this.senders.get(kind);
    if (!sender || this.closed || sender.track === track) return;
    sender.replaceTrack(track).catch((error: unknown) => this.onFailure(error));
  }

  /** The live connection, for statistics. */
  get connection(): RTCPeerConnection {
    return this.pc;
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
    this.pc.onicecandidate = null;
    this.pc.close();
  }

  private addSender(kind: 'audio' | 'video', track: MediaStreamTrack | null, stream: MediaStream): void {
    const transceiver = this.pc.addTransceiver(track ?? kind, { direction: 'sendonly', streams: [stream] });
    this.senders.set(kind, transceiver.sender);
  }

  private async offer(iceRestart: boolean): Promise<void> {
    this.awaitingAnswer = true;
    try {
      const offer = await this.pc.createOffer({ iceRestart });
      if (this.closed) return;
      await this.pc.setLocalDescription(offer);
      this.send({ type: 'publish', source: this.source, sdp: this.pc.localDescription?.sdp ?? offer.sdp ?? '' });
    } catch (error) {
      this.awaitingAnswer = false;
      if (!this.closed) this.onFailure(error);
    }
  }
}
