import type { ChatMessageView, MeetingEndReason, PcTarget, ServerMessage, Source, VideoSource } from '@moot/protocol';
import { MAX_TILES } from '@moot/protocol';
import { randomInt } from 'node:crypto';
import { randomId } from '../ids.ts';
import type { Logger } from '../log.ts';
import type { MediaServer } from '../media/media-server.ts';
import type { JanusHandle, PluginData } from '../media/janus-client.ts';
import { Participant, type TileRequest } from './participant.ts';
import { Publisher } from './publisher.ts';
import { MixerSeat } from './mixer-seat.ts';
import { Subscription, type FeedInfo } from './subscription.ts';

// Janus ids travel as JSON numbers: stay below 2^53 so JavaScript reads them exactly.
const janusId = () => randomInt(1, 2 ** 47);

/** Tile height assumed for people whose browser has not said what it shows yet. */
const DEFAULT_TILE_HEIGHT = 240;
const DEFAULT_PAGE = 9;

/** A running recording follows the meeting through these calls (implemented in recordings/live.ts). */
export interface MeetingRecording {
  added(participant: Participant, source: Source, handle: JanusHandle): Promise<void>;
  /** Without a source: everything the participant published. */
  removed(participant: Participant, source?: Source): void;
  spoke(participant: Participant): void;
  chat(message: ChatMessageView): void;
  stop(): Promise<void>;
}

export interface MeetingOptions {
  roomId: string;
  roomName: string;
  maxParticipants: number;
  chatHistory: number;
}

/**
 * One live session of a room: its participants, chat, and Janus rooms (a VideoRoom for video,
 * an AudioBridge for the mixed audio). Both are created when the meeting starts and destroyed
 * when it ends, since idle rooms still cost Janus CPU.
 */
export class Meeting {
  readonly startedAt = new Date().toISOString();
  readonly participants = new Map<string, Participant>();
  readonly chat: ChatMessageView[] = [];
  ended = false;
  locked = false;
  recording: MeetingRecording | undefined;
  private janusRoom = janusId();
  private feeds = new Map<number, FeedInfo>();
  private seats = new Map<number, Participant>();
  private mediaReady: Promise<void> | undefined;

  constructor(
    readonly options: MeetingOptions,
    private media: MediaServer,
    private log: Logger,
  ) {}

  get size(): number {
    return this.participants.size;
  }

  /** Creates the Janus rooms once; after a Janus restart, `rebuildMedia` makes new ones. */
  ensureMedia(): Promise<void> {
    this.mediaReady ??= this.createJanusRooms().catch((err: unknown) => {
      this.mediaReady = undefined;
      throw err;
    });
    return this.mediaReady;
  }

  private async createJanusRooms(): Promise<void> {
    const { videoroom, audiobridge } = this.requireControl();
    const common = { room: this.janusRoom, admin_key: this.media.adminKey, is_private: true, permanent: false };
    await videoroom.message({
      request: 'create',
      ...common,
      description: 'moot meeting',
      // Each person may publish a camera and a screen.
      publishers: this.options.maxParticipants * 2,
      videocodec: 'vp8',
      fir_freq: 10,
      notify_joining: false,
    });
    await audiobridge.message({
      request: 'create',
      ...common,
      description: 'moot meeting',
      // Wideband is plenty for speech and halves the mixer's work compared with 48 kHz.
      sampling_rate: 16000,
      audiolevel_event: true,
      audio_active_packets: 25,
      audio_level_average: 40,
    });
    this.log.info({ room: this.options.roomId, janusRoom: this.janusRoom }, 'janus rooms created');
  }

  private requireControl(): { videoroom: JanusHandle; audiobridge: JanusHandle } {
    if (this.media.state !== 'up' || !this.media.control) throw new MediaUnavailableError();
    return this.media.control;
  }

  add(participant: Participant): void {
    this.participants.set(participant.id, participant);
    this.broadcast({ type: 'participantJoined', participant: participant.toView() }, participant.id);
    this.refreshView(participant);
  }

  /** Who is in the meeting, for the `joined` message: yourself first. */
  views(first: Participant) {
    return [first, ...[...this.participants.values()].filter((p) => p.id !== first.id)].map((p) => p.toView());
  }

  feedOf(participantId: string, source: VideoSource): number | undefined {
    for (const [id, f] of this.feeds) if (f.participantId === participantId && f.source === source) return id;
    return undefined;
  }

  /** What a participant's browser shows, as feeds and heights; a default page until it says. */
  private wantedFeeds(participant: Participant): Map<number, number> {
    const wanted = new Map<number, number>();
    if (participant.view?.audioOnly) return wanted;
    const tiles: TileRequest[] = participant.view?.tiles ?? this.defaultTiles(participant);
    for (const tile of tiles.slice(0, MAX_TILES)) {
      if (tile.participantId === participant.id) continue;
      const feed = this.feedOf(tile.participantId, tile.source);
      if (feed !== undefined) wanted.set(feed, tile.height);
    }
    return wanted;
  }

  private defaultTiles(participant: Participant): TileRequest[] {
    const screens = [...this.feeds.values()].filter((f) => f.source === 'screen');
    const others = [...this.participants.values()].filter((p) => p.id !== participant.id).slice(0, DEFAULT_PAGE);
    return [
      ...screens.map((f) => ({ participantId: f.participantId, source: f.source, height: 720 })),
      ...others.map((p) => ({ participantId: p.id, source: 'camera' as const, height: DEFAULT_TILE_HEIGHT })),
    ];
  }

  setView(participant: Participant, view: { tiles: TileRequest[]; audioOnly: boolean }): void {
    participant.view = view;
    this.refreshView(participant);
  }

  private refreshView(participant: Participant): void {
    const wanted = this.wantedFeeds(participant);
    if (wanted.size === 0 && !participant.subscription) return;
    this.subscription(participant).setWanted(wanted);
  }

  private refreshAllViews(exceptId?: string): void {
    for (const p of this.participants.values()) if (p.id !== exceptId) this.refreshView(p);
  }

  private subscription(participant: Participant): Subscription {
    if (participant.subscription) return participant.subscription;
    const session = this.media.session;
    if (!session) throw new MediaUnavailableError();
    participant.subscription = new Subscription({
      session,
      janusRoom: this.janusRoom,
      feed: (id) => this.feeds.get(id),
      sendOffer: (sdp, streams) => participant.send({ type: 'offer', sdp, streams }),
      sendLayers: (layers) => participant.send({ type: 'videoLayers', layers }),
      log: this.log.child({ participant: participant.id }),
    });
    return participant.subscription;
  }

  async publish(participant: Participant, source: Source, sdp: string): Promise<string> {
    await this.ensureMedia();
    const session = this.media.session;
    if (!session) throw new MediaUnavailableError();
    if (source === 'audio') {
      const seated = participant.seat !== undefined;
      if (!participant.seat) {
        const seatId = janusId();
        participant.seat = await MixerSeat.open(session, this.janusRoom, seatId, participant.id, participant.audioMuted);
        this.seats.set(seatId, participant);
        participant.seat.handle.on('event', (data) => this.onMixerEvent(data));
      }
      const seatAnswer = await participant.seat.offer(sdp);
      if (!seated) await this.recording?.added(participant, source, participant.seat.handle);
      return seatAnswer;
    }
    let publisher = participant.publishers.get(source);
    const fresh = !publisher;
    if (!publisher) {
      const feedId = janusId();
      publisher = await Publisher.open(session, this.janusRoom, feedId, source, `${participant.id}:${source}`);
      participant.publishers.set(source, publisher);
      this.feeds.set(feedId, { participantId: participant.id, source, up: false });
      this.watchPublisher(publisher);
    }
    const answer = await publisher.offer(sdp);
    if (fresh) await this.recording?.added(participant, source, publisher.handle);
    if (source === 'camera' && participant.videoMuted) await publisher.setRelay(false);
    if (source === 'screen') this.broadcast({ type: 'participantUpdated', participant: participant.toView() });
    return answer;
  }

  private watchPublisher(publisher: Publisher): void {
    // Others subscribe once media really flows; Janus refuses feeds that have no streams yet.
    publisher.handle.on('webrtcup', () => {
      const feed = this.feeds.get(publisher.feedId);
      if (!feed || feed.up) return;
      feed.up = true;
      this.refreshAllViews(feed.participantId);
    });
  }

  /** The mixer's talking events: the speaking indicator and the speaker-first order. */
  private onMixerEvent(data: PluginData): void {
    if (data.audiobridge !== 'talking' && data.audiobridge !== 'stopped-talking') return;
    const participant = this.seats.get(Number(data.id));
    if (!participant) return;
    const speaking = data.audiobridge === 'talking' && !participant.audioMuted;
    if (speaking === participant.speaking) return;
    participant.speaking = speaking;
    if (speaking) participant.lastSpokeAt = new Date().toISOString();
    if (speaking) this.recording?.spoke(participant);
    this.changed(participant);
  }

  async unpublish(participant: Participant, source: VideoSource): Promise<void> {
    const publisher = participant.publishers.get(source);
    if (!publisher) return;
    participant.publishers.delete(source);
    this.feeds.delete(publisher.feedId);
    this.recording?.removed(participant, source);
    await publisher.close();
    this.changed(participant);
    this.refreshAllViews(participant.id);
  }

  async setMuted(participant: Participant, kind: 'audio' | 'video', muted: boolean): Promise<void> {
    if (kind === 'audio') {
      participant.audioMuted = muted;
      if (muted) participant.speaking = false;
    } else {
      participant.videoMuted = muted;
    }
    this.changed(participant);
    // The mute holds in Janus too: a muted seat is left out of the mix, a stopped camera is not relayed.
    if (kind === 'audio') await participant.seat?.setMuted(muted);
    else await participant.publishers.get('camera')?.setRelay(!muted);
  }

  setHand(participant: Participant, raised: boolean): void {
    if (raised === (participant.handRaisedAt !== null)) return;
    participant.handRaisedAt = raised ? new Date().toISOString() : null;
    this.changed(participant);
  }

  setQuality(participant: Participant, quality: Participant['quality']): void {
    if (participant.quality === quality) return;
    participant.quality = quality;
    // The browser sees its own losses before Janus does: lower what it receives at once.
    if (quality === 'poor') participant.subscription?.congested();
    this.changed(participant);
  }

  setRole(participant: Participant, role: Participant['role']): void {
    participant.role = role;
    this.changed(participant);
  }

  changed(participant: Participant): void {
    this.broadcast({ type: 'participantUpdated', participant: participant.toView() });
  }

  trickle(participant: Participant, target: PcTarget, candidate: Parameters<JanusHandle['trickle']>[0]): Promise<void> {
    const handle =
      target === 'subscriber' ? participant.subscription : target === 'audio' ? participant.seat?.handle : participant.publishers.get(target)?.handle;
    return handle?.trickle(candidate) ?? Promise.resolve();
  }

  postChat(participant: Participant, text: string): void {
    const message: ChatMessageView = { id: randomId(), from: { id: participant.id, name: participant.name }, text, at: new Date().toISOString() };
    this.chat.push(message);
    this.recording?.chat(message);
    if (this.chat.length > this.options.chatHistory) this.chat.shift();
    this.broadcast({ type: 'chat', message });
  }

  disconnected(participant: Participant): void {
    participant.peer = undefined;
    this.changed(participant);
  }

  reconnected(participant: Participant): void {
    this.broadcast({ type: 'participantUpdated', participant: participant.toView() }, participant.id);
    participant.subscription?.resendPendingOffer();
  }

  async remove(participant: Participant): Promise<void> {
    if (!this.participants.delete(participant.id)) return;
    clearTimeout(participant.graceTimer);
    this.recording?.removed(participant);
    await this.releaseMedia(participant);
    this.broadcast({ type: 'participantLeft', id: participant.id });
    this.refreshAllViews();
  }

  private async releaseMedia(participant: Participant): Promise<void> {
    for (const publisher of participant.publishers.values()) this.feeds.delete(publisher.feedId);
    const closing = [...participant.publishers.values()].map((p) => p.close());
    participant.publishers.clear();
    if (participant.seat) {
      this.seats.delete(participant.seat.seatId);
      closing.push(participant.seat.close());
      participant.seat = undefined;
    }
    if (participant.subscription) closing.push(participant.subscription.close());
    participant.subscription = undefined;
    await Promise.allSettled(closing);
  }

  /** Ends the meeting, telling those still in it why (no reason: it ended empty), and frees its Janus rooms. */
  async end(reason?: MeetingEndReason, by?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (reason) this.broadcast({ type: 'meetingEnded', reason, ...(by ? { by } : {}) });
    const everyone = [...this.participants.values()];
    this.participants.clear();
    for (const p of everyone) clearTimeout(p.graceTimer);
    // Janus must close the recording files before the handles that write them go away.
    await this.recording?.stop();
    await Promise.allSettled(everyone.map((p) => this.releaseMedia(p)));
    await this.destroyJanusRooms();
  }

  private async destroyJanusRooms(): Promise<void> {
    if (!this.mediaReady || this.media.state !== 'up' || !this.media.control) return;
    const body = { request: 'destroy', room: this.janusRoom, admin_key: this.media.adminKey };
    const results = await Promise.allSettled([this.media.control.videoroom.message(body), this.media.control.audiobridge.message(body)]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) this.log.warn({ err: String(failed.reason) }, 'could not destroy a janus room');
    else this.log.info({ room: this.options.roomId, janusRoom: this.janusRoom }, 'janus rooms destroyed');
  }

  /**
   * Janus restarted: every handle is gone. Make new Janus rooms and ask every browser to
   * publish again; subscriptions follow as their media comes up.
   */
  async rebuildMedia(): Promise<void> {
    // The recording's handles died with Janus: keep what was written until now.
    await this.recording?.stop();
    for (const p of this.participants.values()) {
      p.publishers.clear();
      p.seat = undefined;
      void p.subscription?.close();
      p.subscription = undefined;
      p.speaking = false;
    }
    this.feeds.clear();
    this.seats.clear();
    this.janusRoom = janusId();
    this.mediaReady = undefined;
    await this.ensureMedia();
    this.broadcast({ type: 'mediaReset' });
  }

  moderators(): Participant[] {
    return [...this.participants.values()].filter((p) => p.role === 'moderator');
  }

  broadcast(message: ServerMessage, exceptId?: string): void {
    for (const p of this.participants.values()) if (p.id !== exceptId) p.send(message);
  }
}

export class MediaUnavailableError extends Error {
  constructor() {
    super('media server unavailable');
  }
}
