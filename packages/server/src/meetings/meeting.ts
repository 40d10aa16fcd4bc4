import type { ChatMessageView, MeetingEndReason, PcTarget, ServerMessage, Source } from '@moot/protocol';
import { randomInt } from 'node:crypto';
import { randomId } from '../ids.ts';
import type { Logger } from '../log.ts';
import type { MediaServer } from '../media/media-server.ts';
import type { JanusHandle, PluginData } from '../media/janus-client.ts';
import { Participant } from './participant.ts';
import { Publisher } from './publisher.ts';
import { Subscription, type FeedInfo } from './subscription.ts';

// Janus ids travel as JSON numbers: stay below 2^53 so JavaScript reads them exactly.
const janusId = () => randomInt(1, 2 ** 47);

export interface MeetingOptions {
  roomId: string;
  roomName: string;
  maxParticipants: number;
  chatHistory: number;
}

/**
 * One live session of a room: its participants, chat and Janus VideoRoom. The Janus room is
 * created when the meeting starts and destroyed when it ends, since idle rooms still cost Janus.
 */
export class Meeting {
  readonly startedAt = new Date().toISOString();
  readonly participants = new Map<string, Participant>();
  readonly chat: ChatMessageView[] = [];
  ended = false;
  private janusRoom = janusId();
  private feeds = new Map<number, FeedInfo>();
  private mediaReady: Promise<void> | undefined;

  constructor(
    readonly options: MeetingOptions,
    private media: MediaServer,
    private log: Logger,
  ) {}

  get size(): number {
    return this.participants.size;
  }

  /** Creates the Janus room once; after a Janus restart, call `rebuildMedia` instead. */
  ensureMedia(): Promise<void> {
    this.mediaReady ??= this.createJanusRoom().catch((err: unknown) => {
      this.mediaReady = undefined;
      throw err;
    });
    return this.mediaReady;
  }

  private async createJanusRoom(): Promise<void> {
    const control = this.requireControl();
    await control.message({
      request: 'create',
      room: this.janusRoom,
      admin_key: this.media.adminKey,
      description: `moot ${this.options.roomId}`,
      is_private: true,
      permanent: false,
      // Each person may publish a camera and a screen.
      publishers: this.options.maxParticipants * 2,
      audiocodec: 'opus',
      videocodec: 'vp8',
      fir_freq: 10,
      notify_joining: false,
      audiolevel_event: true,
      audio_active_packets: 50,
      audio_level_average: 40,
    });
    this.log.info({ room: this.options.roomId, janusRoom: this.janusRoom }, 'janus room created');
  }

  private requireControl(): JanusHandle {
    if (this.media.state !== 'up' || !this.media.control) throw new MediaUnavailableError();
    return this.media.control;
  }

  add(participant: Participant): void {
    this.participants.set(participant.id, participant);
    this.broadcast({ type: 'participantJoined', participant: participant.view() }, participant.id);
    this.subscribeToAll(participant);
  }

  /** Every other participant's published feeds become streams this participant receives. */
  private subscribeToAll(participant: Participant): void {
    const feeds = [...this.feeds.entries()].filter(([, f]) => f.participantId !== participant.id).map(([id]) => id);
    if (feeds.length > 0) this.subscription(participant).add(feeds);
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
      log: this.log.child({ participant: participant.id }),
    });
    return participant.subscription;
  }

  async publish(participant: Participant, source: Source, sdp: string): Promise<string> {
    await this.ensureMedia();
    let publisher = participant.publishers.get(source);
    if (!publisher) {
      const session = this.media.session;
      if (!session) throw new MediaUnavailableError();
      const feedId = janusId();
      publisher = await Publisher.open(session, this.janusRoom, feedId, source, `${participant.id}:${source}`);
      participant.publishers.set(source, publisher);
      this.feeds.set(feedId, { participantId: participant.id, source });
      this.watchPublisher(participant, publisher);
    }
    const answer = await publisher.offer(sdp);
    if (source === 'camera') await this.applyMutes(participant);
    if (source === 'screen') this.broadcast({ type: 'participantUpdated', participant: participant.view() });
    return answer;
  }

  private watchPublisher(participant: Participant, publisher: Publisher): void {
    const published = publisher.feedId;
    // Others subscribe once media really flows; Janus refuses feeds that have no streams yet.
    publisher.handle.on('webrtcup', () => {
      for (const other of this.participants.values()) {
        if (other.id !== participant.id) this.subscription(other).add([published]);
      }
    });
    publisher.handle.on('event', (data: PluginData) => {
      if (data.id !== published || (data.videoroom !== 'talking' && data.videoroom !== 'stopped-talking')) return;
      const speaking = data.videoroom === 'talking' && !participant.audioMuted;
      if (speaking === participant.speaking) return;
      participant.speaking = speaking;
      this.broadcast({ type: 'participantUpdated', participant: participant.view() });
    });
  }

  async unpublish(participant: Participant, source: Source): Promise<void> {
    const publisher = participant.publishers.get(source);
    if (!publisher) return;
    participant.publishers.delete(source);
    this.forgetFeed(publisher.feedId);
    await publisher.close();
    this.broadcast({ type: 'participantUpdated', participant: participant.view() });
  }

  private forgetFeed(feedId: number): void {
    this.feeds.delete(feedId);
    for (const p of this.participants.values()) p.subscription?.remove(feedId);
  }

  async setMuted(participant: Participant, kind: 'audio' | 'video', muted: boolean): Promise<void> {
    if (kind === 'audio') participant.audioMuted = muted;
    else participant.videoMuted = muted;
    if (kind === 'audio' && muted) participant.speaking = false;
    this.broadcast({ type: 'participantUpdated', participant: participant.view() });
    await this.applyMutes(participant);
  }

  /** A muted microphone or camera is not relayed by Janus, whatever the browser still sends. */
  private async applyMutes(participant: Participant): Promise<void> {
    const camera = participant.publishers.get('camera');
    if (!camera) return;
    await camera.setRelay('audio', !participant.audioMuted);
    await camera.setRelay('video', !participant.videoMuted);
  }

  trickle(participant: Participant, target: PcTarget, candidate: Parameters<JanusHandle['trickle']>[0]): Promise<void> {
    if (target === 'subscriber') return participant.subscription?.trickle(candidate) ?? Promise.resolve();
    return participant.publishers.get(target)?.handle.trickle(candidate) ?? Promise.resolve();
  }

  postChat(participant: Participant, text: string): void {
    const message: ChatMessageView = { id: randomId(), from: { id: participant.id, name: participant.name }, text, at: new Date().toISOString() };
    this.chat.push(message);
    if (this.chat.length > this.options.chatHistory) this.chat.shift();
    this.broadcast({ type: 'chat', message });
  }

  disconnected(participant: Participant): void {
    participant.peer = undefined;
    this.broadcast({ type: 'participantUpdated', participant: participant.view() });
  }

  reconnected(participant: Participant): void {
    this.broadcast({ type: 'participantUpdated', participant: participant.view() }, participant.id);
    participant.subscription?.resendPendingOffer();
  }

  async remove(participant: Participant): Promise<void> {
    if (!this.participants.delete(participant.id)) return;
    clearTimeout(participant.graceTimer);
    await this.releaseMedia(participant);
    this.broadcast({ type: 'participantLeft', id: participant.id });
  }

  private async releaseMedia(participant: Participant): Promise<void> {
    for (const publisher of participant.publishers.values()) this.forgetFeed(publisher.feedId);
    const handles = [...participant.publishers.values()].map((p) => p.close());
    participant.publishers.clear();
    if (participant.subscription) handles.push(participant.subscription.close());
    participant.subscription = undefined;
    await Promise.allSettled(handles);
  }

  /** Ends the meeting, telling those still in it why (no reason: it ended empty), and frees its Janus room. */
  async end(reason?: MeetingEndReason, by?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (reason) this.broadcast({ type: 'meetingEnded', reason, ...(by ? { by } : {}) });
    const everyone = [...this.participants.values()];
    this.participants.clear();
    for (const p of everyone) clearTimeout(p.graceTimer);
    await Promise.allSettled(everyone.map((p) => this.releaseMedia(p)));
    await this.destroyJanusRoom();
  }

  private async destroyJanusRoom(): Promise<void> {
    if (!this.mediaReady || this.media.state !== 'up' || !this.media.control) return;
    await this.media.control
      .message({ request: 'destroy', room: this.janusRoom, admin_key: this.media.adminKey })
      .then(() => this.log.info({ room: this.options.roomId, janusRoom: this.janusRoom }, 'janus room destroyed'))
      .catch((err: Error) => this.log.warn({ err: err.message }, 'could not destroy janus room'));
  }

  /**
   * Janus restarted: every handle is gone. Make a new Janus room and ask every browser to
   * publish again; subscriptions follow as their media comes up.
   */
  async rebuildMedia(): Promise<void> {
    for (const p of this.participants.values()) {
      p.publishers.clear();
      void p.subscription?.close();
      p.subscription = undefined;
      p.speaking = false;
    }
    this.feeds.clear();
    this.janusRoom = janusId();
    this.mediaReady = undefined;
    await this.ensureMedia();
    this.broadcast({ type: 'mediaReset' });
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
