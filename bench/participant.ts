import { randomInt } from 'node:crypto';
import WebSocket from 'ws';
import { RtpHeader, type Extension, type RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage, type Source } from '../packages/protocol/src/index.ts';
import { gathered, loopbackPeer, loopbackSdp, withSimulcast } from './peer.ts';
import { totals, type ReceiveTotals } from './receive.ts';
import { Reception } from './reception.ts';
import { VIDEO_LAYERS, type MediaSources, type RtpStream, type SourcePacket } from './rtp-source.ts';

const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
const MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const RID_URI = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
/** Voice-activity bit set, level 10 -dBov: loud enough for the mixer's talking events. */
const TALKING_LEVEL = Buffer.from([0x80 | 10]);

/** The id the negotiation gave a header extension on this transceiver. */
function extensionId(transceiver: RTCRtpTransceiver, uri: string): number {
  const id = transceiver.headerExtensions.find((e) => e.uri === uri)?.id;
  if (id === undefined) throw new Error(`Janus did not accept the header extension ${uri}`);
  return id;
}

export interface ParticipantPlan {
  name: string;
  /** Sends the tone into the mixer (unmuted); everyone else stays muted and sends nothing, as the web client does. */
  talker: boolean;
  /** Publishes the simulcast test pattern as a camera. */
  camera: boolean;
  /** Joins the audience: one receiving PeerConnection for the program, no seat and no tiles. */
  listener?: boolean;
  /** The client address a reverse proxy on this machine reports for this person (a household or an office shares one). */
  address?: string;
}

export interface Meeting {
  url: string;
  roomId: string;
  sources: MediaSources;
  /** Names that publish a camera: the tiles everyone asks for. */
  cameraNames: Set<string>;
  maxTiles: number;
  tileHeight: number;
}

/**
 * One synthetic person driven through moot's own signaling: a mixer seat that sends the tone
 * (or nothing while muted) and receives the mix, an optional simulcast camera, and one
 * receiving PeerConnection for the tiles it asks for, renegotiated whenever the server offers.
 * In the audience, instead, one receiving PeerConnection for the program (its mix and picture).
 * What it receives is counted from RTP headers by a Reception, not decoded.
 */
export class SyntheticParticipant {
  joinSentAt = 0;
  joinedAt: number | undefined;
  /** The first packet of the mix (seated) or of the program (audience). */
  firstMixAt: number | undefined;
  firstVideoAt: number | undefined;
  readonly errors: string[] = [];
  private mix: Reception | undefined;
  private video: Reception | undefined;
  private ws: WebSocket | undefined;
  private peers: RTCPeerConnection[] = [];
  private subscriber: RTCPeerConnection | undefined;
  private offers: Promise<void> = Promise.resolve();
  private answers = new Map<Source, (sdp: string) => void>();
  private others = new Map<string, string>();
  private tiles = '';
  private stopFeeds: Array<() => void> = [];

  constructor(
    readonly plan: ParticipantPlan,
    private meeting: Meeting,
  ) {}

  get joinMs(): number | undefined {
    return this.firstMixAt === undefined ? undefined : this.firstMixAt - this.joinSentAt;
  }

  received(): ReceiveTotals {
    return totals(this.mix?.counters() ?? [], this.video?.counters() ?? []);
  }

  /** The state of each PeerConnection, in the order they were made (mixer first), for diagnosis. */
  connectionStates(): string {
    return this.peers.map((pc) => pc.connectionState).join(', ') || 'none';
  }

  /** Packets decrypted to check them, those that failed, and those asked for again. */
  checks(): { checked: number; failed: number; nacked: number } {
    const receptions = [this.mix, this.video].flatMap((r) => (r ? [r] : []));
    const sum = (key: 'checked' | 'checkFailures' | 'nacked') => receptions.reduce((n, r) => n + r[key], 0);
    return { checked: sum('checked'), failed: sum('checkFailures'), nacked: sum('nacked') };
  }

  async join(): Promise<void> {
    const { url, roomId } = this.meeting;
    const headers = { origin: url, ...(this.plan.address ? { 'x-forwarded-for': this.plan.address } : {}) };
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.on('message', (data) => this.onMessage(JSON.parse(data.toString()) as ServerMessage));
    ws.on('error', (err) => this.errors.push(`socket: ${err.message}`));
    this.joinSentAt = performance.now();
    this.send({ type: 'join', version: PROTOCOL_VERSION, room: roomId, name: this.plan.name, audioMuted: !this.plan.talker, videoMuted: false });
  }

  private send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.joinedAt = performance.now();
        if (this.plan.listener) {
          if (message.self.audience) this.send({ type: 'programWatch' });
          else this.errors.push('joined with a seat, not in the audience');
          return;
        }
        for (const p of message.participants) if (p.id !== message.self.id) this.others.set(p.id, p.name);
        this.updateView();
        // Large meetings seat newcomers muted: a talker unmutes itself, as a person would.
        if (this.plan.talker && message.self.audioMuted) this.send({ type: 'mute', kind: 'audio', muted: false });
        void this.publishAudio().catch((err: Error) => this.errors.push(`audio: ${err.message}`));
        if (this.plan.camera) void this.publishCamera().catch((err: Error) => this.errors.push(`camera: ${err.message}`));
        return;
      case 'participantJoined':
        this.others.set(message.participant.id, message.participant.name);
        this.updateView();
        return;
      case 'participantLeft':
        this.others.delete(message.id);
        this.updateView();
        return;
      case 'answer':
        this.answers.get(message.source)?.(message.sdp);
        return;
      case 'programOffer':
        void this.watchProgram(message.sdp).catch((err: Error) => this.errors.push(`program: ${err.message}`));
        return;
      case 'offer':
        this.offers = this.offers.then(() => this.answerOffer(message.sdp)).catch((err: Error) => void this.errors.push(`offer: ${err.message}`));
        return;
      case 'error':
        this.errors.push(`server: ${message.code}${message.ref ? ` (${message.ref})` : ''}`);
        return;
      default:
        return;
    }
  }

  /** Asks for the first tiles of camera publishers, as a page of the web client would. */
  private updateView(): void {
    if (this.plan.listener) return;
    const tiles = [...this.others]
      .filter(([, name]) => this.meeting.cameraNames.has(name))
      .slice(0, this.meeting.maxTiles)
      .map(([participantId]) => ({ participantId, source: 'camera' as const, height: this.meeting.tileHeight }));
    const key = JSON.stringify(tiles);
    if (key === this.tiles) return;
    this.tiles = key;
    this.send({ type: 'view', tiles, audioOnly: false });
  }

  private newPeer(): RTCPeerConnection {
    const pc = loopbackPeer();
    this.peers.push(pc);
    return pc;
  }

  /** Offers a sending PeerConnection to the server and applies the answer it relays from Janus. */
  private async publish(pc: RTCPeerConnection, source: Source, munge: (sdp: string) => string = (s) => s): Promise<void> {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = new Promise<string>((resolve) => this.answers.set(source, resolve));
    // We take the DTLS client role (Janus's answer then says passive). With actpass, Janus would
    // be the client and its first handshake packet often reaches werift before werift listens
    // for DTLS: the retransmission a second later would count as join time of this generator.
    const sdp = munge(loopbackSdp(pc)).replace('a=setup:actpass', 'a=setup:active');
    this.send({ type: 'publish', source, sdp });
    await pc.setRemoteDescription({ type: 'answer', sdp: await answer });
    this.answers.delete(source);
    // All our candidates were in the offer.
    this.send({ type: 'trickle', target: source, candidate: null });
  }

  private async publishAudio(): Promise<void> {
    const pc = this.newPeer();
    const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.mix = new Reception(pc, { clockRate: 48_000, nack: false, onFirst: () => (this.firstMixAt = performance.now()) });
    await this.publish(pc, 'audio');
    if (!this.plan.talker) return;
    const levelId = extensionId(transceiver, AUDIO_LEVEL_URI);
    this.feed(transceiver, this.meeting.sources.tone, transceiver.sender.ssrc, [{ id: levelId, payload: TALKING_LEVEL }]);
  }

  private async publishCamera(): Promise<void> {
    const pc = this.newPeer();
    const transceiver = pc.addTransceiver('video', { direction: 'sendonly' });
    await this.publish(pc, 'camera', (sdp) => withSimulcast(sdp, VIDEO_LAYERS.map((layer) => layer.rid).reverse()));
    const mid = { id: extensionId(transceiver, MID_URI), payload: Buffer.from(transceiver.mid ?? '0') };
    const ridId = extensionId(transceiver, RID_URI);
    VIDEO_LAYERS.forEach((layer, i) => {
      const extensions = [mid, { id: ridId, payload: Buffer.from(layer.rid) }];
      this.feed(transceiver, this.meeting.sources.video[i]!, randomInt(1, 2 ** 32 - 1), extensions);
    });
  }

  /**
   * Re-sends one shared source stream on this PeerConnection under its own SSRC and the
   * negotiated payload type, straight on the SRTP transport (werift's sender has one SSRC).
   */
  private feed(transceiver: RTCRtpTransceiver, source: RtpStream, ssrc: number, extensions: Extension[]): void {
    const transport = transceiver.sender.dtlsTransport;
    const payloadType = transceiver.sender.codec?.payloadType;
    if (payloadType === undefined) throw new Error('no codec negotiated');
    // One header, rewritten for each packet: sendRtp encrypts it before it returns.
    const header = new RtpHeader({ ssrc, payloadType, extensions });
    this.stopFeeds.push(
      source.subscribe((packet: SourcePacket) => {
        if (transport.state !== 'connected') return;
        header.sequenceNumber = packet.sequenceNumber;
        header.timestamp = packet.timestamp;
        header.marker = packet.marker;
        void transport.sendRtp(packet.payload, header);
      }),
    );
  }

  private async answerOffer(sdp: string): Promise<void> {
    const first = !this.subscriber;
    const pc = (this.subscriber ??= this.newPeer());
    if (first) {
      this.video = new Reception(pc, { clockRate: 90_000, nack: true, onFirst: () => (this.firstVideoAt = performance.now()) });
      // werift hands a new media section the transceiver of an inactive one (its "reuse inactive"),
      // so the next offer, still listing the inactive section, fails with "Transceiver with mid=N
      // not found"; browsers keep both. Marked as used, a transceiver is never taken over.
      pc.onRemoteTransceiverAdded.subscribe((transceiver) => void (transceiver.usedForSender = true));
    }
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.send({ type: 'answer', sdp: loopbackSdp(pc) });
    if (first) this.send({ type: 'trickle', target: 'subscriber', candidate: null });
  }

  /** Answers the program's offer; its audio and video arrive on one connection, each at its own clock rate. */
  private async watchProgram(sdp: string): Promise<void> {
    const pc = this.newPeer();
    const clockRates = new Map<number, number>();
    this.mix = new Reception(pc, { clockRate: (pt) => clockRates.get(pt) ?? 90_000, nack: true, onFirst: () => (this.firstMixAt = performance.now()) });
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const transceiver of pc.getTransceivers()) for (const codec of transceiver.codecs) clockRates.set(codec.payloadType, codec.clockRate);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.send({ type: 'programAnswer', sdp: loopbackSdp(pc) });
    this.send({ type: 'programTrickle', candidate: null });
  }

  /** Mutes or unmutes the microphone, as the person's own button does. */
  setMuted(muted: boolean): void {
    this.send({ type: 'mute', kind: 'audio', muted });
  }

  async leave(): Promise<void> {
    for (const stop of this.stopFeeds) stop();
    this.mix?.stop();
    this.video?.stop();
    this.send({ type: 'leave' });
    this.ws?.close();
    await Promise.allSettled(this.peers.map((pc) => pc.close()));
  }
}
