import type { PcTarget, Source, TileRequest, VideoSource } from '@moot/protocol';
import { CAMERA_MAX_BITRATE, MAX_TILES, SCREEN_MAX_BITRATE } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Candidate, MediaRooms, Recordable, RtpEndpoint, RtpSeat, Seat, VideoPublisher, WebRtcSeat } from '../media/driver.ts';
import type { Participant } from './participant.ts';
import type { ViewRequest } from './member.ts';
import type { Roster } from './roster.ts';
import { Subscription, type FeedInfo } from './subscription.ts';

/** Tile height assumed for people whose browser has not said what it shows yet. */
const DEFAULT_TILE_HEIGHT = 240;
const DEFAULT_PAGE = 9;

/** Bitrate caps the media server asks each sender to keep to, by source. */
const BITRATE: Record<VideoSource, number> = { camera: CAMERA_MAX_BITRATE, screen: SCREEN_MAX_BITRATE };

interface MemberMedia {
  seat?: Seat;
  /** Offers and candidates reach a WebRTC seat; a plain-RTP seat has neither. */
  webrtcSeat?: WebRtcSeat;
  publishers: Map<VideoSource, VideoPublisher>;
  subscription?: Subscription;
  view?: ViewRequest;
}

export interface MediaPlanHooks {
  /** A stream started: a running recording adds it. */
  published(participant: Participant, source: Source, stream: Recordable): Promise<void>;
  /** Streams stopped (without a source: all of the participant's). */
  unpublished(participant: Participant, source?: Source): void;
  spoke(participant: Participant): void;
  /** The member's media is in a breakout room for now: this plan leaves them alone. */
  elsewhere?(participant: Participant): boolean;
  /** Whether the others receive this member's camera when it is on (a stage event hides backstage). */
  showsCamera?(participant: Participant): boolean;
}

/**
 * What each member of a meeting sends and receives: their seat in the mixer, their video
 * publishers, and one subscription holding the video tiles they show at the layers they need.
 */
export class MediaPlan {
  private members = new Map<string, MemberMedia>();
  private feeds = new Map<number, FeedInfo>();
  private seats = new Map<number, Participant>();

  constructor(
    private roster: Roster,
    private rooms: () => Promise<MediaRooms>,
    private hooks: MediaPlanHooks,
    private log: Logger,
  ) {}

  private of(participant: Participant): MemberMedia {
    let media = this.members.get(participant.id);
    if (!media) {
      media = { publishers: new Map() };
      this.members.set(participant.id, media);
    }
    return media;
  }

  feedOf(participantId: string, source: VideoSource): number | undefined {
    for (const [id, f] of this.feeds) if (f.participantId === participantId && f.source === source) return id;
    return undefined;
  }

  /** The member's published camera or screen, once it has been offered (a livestream forwards it). */
  publisherOf(participantId: string, source: VideoSource): VideoPublisher | undefined {
    return this.members.get(participantId)?.publishers.get(source);
  }

  /** A browser's microphone: a WebRTC seat in the mixer, answered with the mixer's SDP. */
  async publishAudio(participant: Participant, sdp: string): Promise<string> {
    const media = this.of(participant);
    const fresh = !media.webrtcSeat;
    if (!media.webrtcSeat) {
      const seat = await (await this.rooms()).openSeat(participant.id, participant.audioMuted);
      this.seated(participant, media, seat);
      media.webrtcSeat = seat;
    }
    const answer = await media.webrtcSeat.offer(sdp);
    if (fresh) await this.hooks.published(participant, 'audio', media.webrtcSeat);
    return answer;
  }

  /** A gateway's voice: a plain-RTP seat; returns where the mixer listens. */
  async seatRtp(participant: Participant, endpoint: RtpEndpoint): Promise<RtpSeat['mixer']> {
    const media = this.of(participant);
    if (media.seat) throw new Error('this member already has a seat in the mix');
    const seat = await (await this.rooms()).openRtpSeat(participant.id, participant.audioMuted, endpoint);
    this.seated(participant, media, seat);
    await this.hooks.published(participant, 'audio', seat);
    return seat.mixer;
  }

  private seated(participant: Participant, media: MemberMedia, seat: Seat): void {
    media.seat = seat;
    this.seats.set(seat.seatId, participant);
  }

  async publishVideo(participant: Participant, source: VideoSource, sdp: string): Promise<string> {
    const media = this.of(participant);
    let publisher = media.publishers.get(source);
    const fresh = !publisher;
    if (!publisher) {
      publisher = await (await this.rooms()).openPublisher(participant.id, source, BITRATE[source]);
      media.publishers.set(source, publisher);
      const feed: FeedInfo = { participantId: participant.id, source, up: false };
      this.feeds.set(publisher.feedId, feed);
      // Others subscribe once media really flows: the media server refuses feeds without streams.
      publisher.onMediaUp(() => {
        if (feed.up || !this.feeds.has(publisher!.feedId)) return;
        feed.up = true;
        this.refreshAll(feed.participantId);
      });
    }
    const answer = await publisher.offer(sdp);
    if (fresh) await this.hooks.published(participant, source, publisher);
    if (source === 'camera' && !this.forwardsCamera(participant)) await publisher.setForwarding(false);
    if (source === 'screen' && !participant.screenSharing) {
      participant.screenSharing = true;
      this.roster.changed(participant);
    }
    return answer;
  }

  async unpublish(participant: Participant, source: VideoSource): Promise<void> {
    const media = this.members.get(participant.id);
    const publisher = media?.publishers.get(source);
    if (!media || !publisher) return;
    media.publishers.delete(source);
    this.feeds.delete(publisher.feedId);
    this.hooks.unpublished(participant, source);
    await publisher.close();
    if (source === 'screen') participant.screenSharing = false;
    this.roster.changed(participant);
    this.refreshAll(participant.id);
  }

  /** The mute holds in the media server too: a muted seat is left out of the mix, a stopped camera is not forwarded. */
  async applyMute(participant: Participant, kind: 'audio' | 'video', muted: boolean): Promise<void> {
    const media = this.members.get(participant.id);
    if (kind === 'audio') await media?.seat?.setMuted(muted);
    else await media?.publishers.get('camera')?.setForwarding(this.forwardsCamera(participant));
  }

  /** Whether others should receive the member's camera: it is on, and nothing hides it. */
  private forwardsCamera(participant: Participant): boolean {
    return !participant.videoMuted && (this.hooks.showsCamera?.(participant) ?? true);
  }

  /** What hides a camera changed (a stage move): the media server follows. */
  async refreshCamera(participant: Participant): Promise<void> {
    await this.members.get(participant.id)?.publishers.get('camera')?.setForwarding(this.forwardsCamera(participant));
  }

  /** The mixer's voice activity, as the speaking indicator and the speaker-first order. */
  talking(seatId: number, talking: boolean): void {
    const participant = this.seats.get(seatId);
    if (!participant) return;
    const speaking = talking && !participant.audioMuted;
    if (speaking === participant.speaking) return;
    participant.speaking = speaking;
    if (speaking) {
      participant.lastSpokeAt = new Date().toISOString();
      this.hooks.spoke(participant);
    }
    this.roster.changed(participant);
  }

  /** Voice activity a gateway measured itself, for a seat whose audio level the mixer cannot read. */
  memberTalking(participant: Participant, talking: boolean): void {
    const seat = this.members.get(participant.id)?.seat;
    if (seat) this.talking(seat.seatId, talking);
  }

  setView(participant: Participant, view: ViewRequest): void {
    this.of(participant).view = view;
    this.refresh(participant);
  }

  /** What a member shows, as feeds and heights; a default page until they say. */
  private wantedFeeds(participant: Participant, view: ViewRequest | undefined): Map<number, number> {
    const wanted = new Map<number, number>();
    if (participant.kind !== 'browser' || participant.audience || view?.audioOnly) return wanted;
    for (const tile of (view?.tiles ?? this.defaultTiles(participant)).slice(0, MAX_TILES)) {
      if (tile.participantId === participant.id) continue;
      const feed = this.feedOf(tile.participantId, tile.source);
      if (feed !== undefined) wanted.set(feed, tile.height);
    }
    return wanted;
  }

  private defaultTiles(participant: Participant): TileRequest[] {
    const screens = [...this.feeds.values()].filter((f) => f.source === 'screen');
    const others = this.roster.all().filter((p) => p.id !== participant.id && !p.audience).slice(0, DEFAULT_PAGE);
    return [
      ...screens.map((f) => ({ participantId: f.participantId, source: f.source, height: 720 })),
      ...others.map((p) => ({ participantId: p.id, source: 'camera' as const, height: DEFAULT_TILE_HEIGHT })),
    ];
  }

  refresh(participant: Participant): void {
    if (this.hooks.elsewhere?.(participant)) return;
    const media = this.of(participant);
    const wanted = this.wantedFeeds(participant, media.view);
    if (wanted.size === 0 && !media.subscription) return;
    void this.subscription(participant, media).then(
      (s) => s.setWanted(wanted),
      (err: Error) => this.log.warn({ err: err.message, participant: participant.id }, 'could not open a subscription'),
    );
  }

  refreshAll(exceptId?: string): void {
    for (const p of this.roster.all()) if (p.id !== exceptId) this.refresh(p);
  }

  private async subscription(participant: Participant, media: MemberMedia): Promise<Subscription> {
    if (media.subscription) return media.subscription;
    const rooms = await this.rooms();
    media.subscription ??= new Subscription({
      rooms,
      member: participant.id,
      feed: (id) => this.feeds.get(id),
      sendOffer: (sdp, streams) => participant.send({ type: 'offer', sdp, streams }),
      sendLayers: (layers) => participant.send({ type: 'videoLayers', layers }),
      log: this.log.child({ participant: participant.id }),
    });
    return media.subscription;
  }

  /** The browser's own losses: lower what it receives at once. */
  congested(participant: Participant): void {
    this.members.get(participant.id)?.subscription?.congested();
  }

  answer(participant: Participant, sdp: string): boolean {
    return this.members.get(participant.id)?.subscription?.answer(sdp) ?? false;
  }

  restartIce(participant: Participant): void {
    this.members.get(participant.id)?.subscription?.restartIce();
  }

  resendPendingOffer(participant: Participant): void {
    this.members.get(participant.id)?.subscription?.resendPendingOffer();
  }

  trickle(participant: Participant, target: PcTarget, candidate: Candidate | null): Promise<void> {
    const media = this.members.get(participant.id);
    const to = target === 'subscriber' ? media?.subscription : target === 'audio' ? media?.webrtcSeat : media?.publishers.get(target);
    return to?.trickle(candidate) ?? Promise.resolve();
  }

  /** Everything being sent now, for a recording that starts mid-meeting. */
  streams(): { participant: Participant; source: Source; stream: Recordable }[] {
    return this.roster.all().flatMap((participant) => {
      const media = this.members.get(participant.id);
      if (!media) return [];
      return [
        ...[...media.publishers].map(([source, stream]) => ({ participant, source: source as Source, stream })),
        ...(media.seat ? [{ participant, source: 'audio' as Source, stream: media.seat as Recordable }] : []),
      ];
    });
  }

  /** The member left: close everything they sent and received. */
  async release(participant: Participant): Promise<void> {
    const media = this.members.get(participant.id);
    if (!media) return;
    this.members.delete(participant.id);
    // A running recording stops following these streams before they close (the member left, or
    // moved to a breakout room).
    this.hooks.unpublished(participant);
    for (const publisher of media.publishers.values()) this.feeds.delete(publisher.feedId);
    if (media.seat) this.seats.delete(media.seat.seatId);
    const closing = [...media.publishers.values()].map((p) => p.close());
    if (media.seat) closing.push(media.seat.close());
    if (media.subscription) closing.push(media.subscription.close());
    await Promise.allSettled(closing);
  }

  /** The media server restarted: every stream is gone, nothing to close; what each member shows stays. */
  forgetAll(): void {
    for (const [id, media] of this.members) {
      void media.subscription?.close();
      this.members.set(id, { publishers: new Map(), ...(media.view ? { view: media.view } : {}) });
    }
    this.feeds.clear();
    this.seats.clear();
    for (const p of this.roster.all()) {
      p.speaking = false;
      p.screenSharing = false;
    }
  }
}
