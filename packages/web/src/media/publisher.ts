import type { ClientMessage, Source } from '@moot/protocol';
import { CAMERA_LAYERS } from '@moot/protocol/plain';
import { signaledConnection } from './ice.ts';

/**
 * One PeerConnection that sends a single track: "audio" to the mixer (which answers with the
 * mix of everyone else on the same connection), "camera" and "screen" to the video router.
 * The transceiver exists from the start, even without a track, so that turning a device on or
 * off is a replaceTrack and never a renegotiation.
 */
export class Publisher {
  private readonly pc: RTCPeerConnection;
  private readonly sender: RTCRtpSender;
  private readonly closeConnection: () => void;
  private awaitingAnswer = false;
  private restartWanted = false;
  private closed = false;

  constructor(
    readonly source: Source,
    iceServers: RTCIceServer[],
    track: MediaStreamTrack | null,
    private readonly send: (message: ClientMessage) => void,
    private readonly onFailure: (error: unknown) => void,
    onRemoteTrack?: (track: MediaStreamTrack) => void,
  ) {
    ({ pc: this.pc, close: this.closeConnection } = signaledConnection(iceServers, source, send, () => this.restartIce()));
    const kind = source === 'audio' ? 'audio' : 'video';
    const transceiver = this.pc.addTransceiver(track ?? kind, {
      direction: source === 'audio' ? 'sendrecv' : 'sendonly',
      ...(source === 'camera' ? { sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })) } : {}),
    });
    this.sender = transceiver.sender;
    if (onRemoteTrack) this.pc.ontrack = (event) => onRemoteTrack(event.track);
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

  replaceTrack(track: MediaStreamTrack | null): void {
    if (this.closed || this.sender.track === track) return;
    this.sender.replaceTrack(track).catch((error: unknown) => this.onFailure(error));
  }

  /** The live connection, for statistics. */
  get connection(): RTCPeerConnection {
    return this.pc;
  }

  close(): void {
    this.closed = true;
    this.closeConnection();
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
