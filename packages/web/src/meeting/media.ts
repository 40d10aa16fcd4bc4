import { effect, signal } from '@preact/signals';
import type { ClientMessage, IceServerView, Source, StreamView } from '@moot/protocol';
import { rtcConfiguration, toRtcIceServers } from '../media/ice.ts';
import type { LocalMedia } from '../media/local.ts';
import { Publisher } from '../media/publisher.ts';
import { Subscriber, type RemoteTrack } from '../media/subscriber.ts';

/**
 * Every PeerConnection of one meeting: "audio" (the microphone to the mixer, the mix back),
 * "camera", the optional "screen", and the subscriber that receives the video tiles on screen.
 */
export class MeetingMedia {
  readonly remoteTracks = signal<RemoteTrack[]>([]);
  /** Everyone else's voices, mixed by the server into one track. */
  readonly mix = signal<MediaStreamTrack | null>(null);
  readonly screenTrack = signal<MediaStreamTrack | null>(null);
  private iceServers: RTCIceServer[] = [];
  private readonly publishers = new Map<Source, Publisher>();
  private subscriber: Subscriber | null = null;
  private readonly stopFollowing: () => void;

  constructor(
    private readonly local: LocalMedia,
    private readonly send: (message: ClientMessage) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {
    // Device changes reach the publishers as track swaps, never renegotiations. A muted
    // microphone is also taken off its sender: a disabled track would still send silence.
    this.stopFollowing = effect(() => {
      const audio = this.microphone();
      const video = local.videoTrack.value;
      this.publishers.get('audio')?.replaceTrack(audio);
      this.publishers.get('camera')?.replaceTrack(video);
    });
  }

  /**
   * The servers of the latest `joined` or `iceServers` (each brings relay credentials of its own,
   * fresh on resume and before the last ones expire): new connections use them, open ones when
   * they next gather.
   */
  useIceServers(iceServers: IceServerView[]): void {
    this.iceServers = toRtcIceServers(iceServers);
    this.reconfigureConnections();
  }

  /** "Use relay only" changed: the open connections gather again under the new policy. */
  relayOnlyChanged(): void {
    this.reconfigureConnections();
    this.restartIce();
  }

  /** Drops every PeerConnection (keeping local tracks) and publishes again from scratch. */
  restart(): void {
    this.closeConnections();
    this.publish('audio');
    this.publish('camera');
    if (this.screenTrack.value) this.publish('screen');
  }

  acceptAnswer(source: Source, sdp: string): void {
    void this.publishers.get(source)?.acceptAnswer(sdp);
  }

  acceptOffer(sdp: string, streams: StreamView[]): void {
    this.subscriber ??= new Subscriber(this.iceServers, this.send, (tracks) => (this.remoteTracks.value = tracks), this.onFailure);
    this.subscriber.handleOffer(sdp, streams);
  }

  /** After the socket came back: offers sent while it was down may never have arrived. */
  resync(): void {
    for (const publisher of this.publishers.values()) publisher.resendPendingOffer();
  }

  restartIce(): void {
    for (const publisher of this.publishers.values()) publisher.restartIce();
    this.subscriber?.restartIce();
  }

  async startScreen(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const [track] = stream.getVideoTracks();
    if (!track) return;
    // The browser's own "Stop sharing" bar ends the track without going through our button.
    track.addEventListener('ended', () => this.stopScreen());
    this.screenTrack.value = track;
    this.publish('screen');
  }

  stopScreen(): void {
    const track = this.screenTrack.value;
    if (!track) return;
    this.screenTrack.value = null;
    track.stop();
    this.publishers.get('screen')?.close();
    this.publishers.delete('screen');
    this.send({ type: 'unpublish', source: 'screen' });
  }

  /** Closes every connection and lets go of the screen; the owner stops camera and microphone. */
  close(): void {
    this.stopFollowing();
    this.screenTrack.value?.stop();
    this.screenTrack.value = null;
    this.closeConnections();
  }

  /** The live PeerConnections, to read their statistics. */
  connections(): RTCPeerConnection[] {
    const all = [...this.publishers.values()].map((publisher) => publisher.connection);
    return this.subscriber ? [...all, this.subscriber.connection] : all;
  }

  private reconfigureConnections(): void {
    for (const pc of this.connections()) if (pc.signalingState !== 'closed') pc.setConfiguration(rtcConfiguration(this.iceServers));
  }

  private microphone(): MediaStreamTrack | null {
    return this.local.micOn.value ? this.local.audioTrack.value : null;
  }

  private publish(source: Source): void {
    const track = source === 'audio' ? this.microphone() : source === 'camera' ? this.local.videoTrack.value : this.screenTrack.value;
    const onMix = source === 'audio' ? (mix: MediaStreamTrack) => (this.mix.value = mix) : undefined;
    const publisher = new Publisher(source, this.iceServers, track, this.send, this.onFailure, onMix);
    this.publishers.set(source, publisher);
    publisher.publish();
  }

  private closeConnections(): void {
    for (const publisher of this.publishers.values()) publisher.close();
    this.publishers.clear();
    this.subscriber?.close();
    this.subscriber = null;
    this.remoteTracks.value = [];
    this.mix.value = null;
  }
}
