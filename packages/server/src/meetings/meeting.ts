import type { ChatMessageView, ErrorCode, MeetingEndReason, ServerMessage, Source } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { MediaDriver, MediaRooms, Recordable, RtpForward, RtpTarget } from '../media/driver.ts';
import type { Participant } from './participant.ts';
import { Roster } from './roster.ts';
import { MediaPlan } from './media-plan.ts';
import { Audience } from '../audience/audience.ts';

/** A running recording follows the meeting through these calls (implemented in recordings/live.ts). */
export interface MeetingRecording {
  added(participant: Participant, source: Source, stream: Recordable): Promise<void>;
  /** Without a source: everything the participant published. */
  removed(participant: Participant, source?: Source): void;
  spoke(participant: Participant): void;
  chat(message: ChatMessageView): void;
  /** The slide page everyone is shown changed; null: no slides any more. */
  slide(shown: ShownSlide | null): void;
  /** Closes the files and hands them on for processing. */
  stop(): Promise<void>;
}

/** A page of one of the room's presentations, as the presenter shows it. */
export interface ShownSlide {
  deckId: string;
  page: number;
}

/** The page shown now, with where its presentation's PDF is (the program draws the page). */
export interface ShownPage extends ShownSlide {
  pdf: string;
}

/** Breakout rooms, while they run: they hold some members' media (implemented in breakouts/). */
export interface MeetingBreakouts {
  /** The media plan of the breakout room the member is in; undefined in the main room. */
  mediaOf(participant: Participant): MediaPlan | undefined;
  /** The breakout room (a child meeting) the member is in; undefined in the main room. */
  meetingOf(participant: Participant): Meeting | undefined;
  left(participant: Participant): Promise<void>;
  /** Everyone back to the main room, the rooms' media freed. */
  close(): Promise<void>;
}

/** The mix as an HTTP stream for those who only listen, while any are in (implemented in listen/). */
export interface MeetingListening {
  left(participant: Participant): void;
  /** The member moved between the main room and a breakout room: a listener hears the mix of where they are now. */
  moved(participant: Participant): void;
  /** The media server restarted: the copy of the mix died with it. */
  mediaReset(): void;
  end(): Promise<void>;
}

/** A stage event, while it runs (implemented in stage/): it holds the audience and backstage muted. */
export interface MeetingStage {
  /** Why this member may not send this now (an unmute, or a screen share's publish); undefined: they may. */
  refuses(participant: Participant, sending: 'audio' | 'video' | 'screen'): ErrorCode | undefined;
  /** Whether the others receive this member's camera. */
  showsCamera(participant: Participant): boolean;
  /** A member comes in, before their `joined` and before anyone sees them: their place's holds apply. */
  entering(participant: Participant): void;
  left(participant: Participant): void;
}

export interface MeetingOptions {
  roomId: string;
  roomName: string;
  maxParticipants: number;
  chatHistory: number;
}

/**
 * One live session of a room: its roster and chat, its media plan, and its rooms on the media
 * server (created when the meeting starts and destroyed when it ends, since idle rooms still
 * cost the media server CPU).
 */
export class Meeting {
  readonly startedAt = new Date().toISOString();
  readonly roster: Roster;
  readonly media: MediaPlan;
  /** Members who watch the program instead of taking a seat (audience/). */
  readonly audience: Audience;
  ended = false;
  locked = false;
  private recordingNow: { recording: MeetingRecording; by: string } | undefined;
  private slideNow: ShownPage | undefined;
  private rooms: Promise<MediaRooms> | undefined;
  /** Breakout rooms made from this meeting; their media may sit on another media server. */
  private children = new Set<Meeting>();
  breakouts: MeetingBreakouts | undefined;
  listening: MeetingListening | undefined;
  stage: MeetingStage | undefined;

  constructor(
    readonly options: MeetingOptions,
    private driver: MediaDriver,
    private log: Logger,
  ) {
    this.roster = new Roster(options.chatHistory);
    this.media = new MediaPlan(
      this.roster,
      () => this.ensureMedia(),
      {
        published: async (participant, source, stream) => this.recordingNow?.recording.added(participant, source, stream),
        unpublished: (participant, source) => this.recordingNow?.recording.removed(participant, source),
        spoke: (participant) => this.recordingNow?.recording.spoke(participant),
        elsewhere: (participant) => this.breakouts?.mediaOf(participant) !== undefined,
        showsCamera: (participant) => this.stage?.showsCamera(participant) ?? true,
      },
      log,
    );
    this.audience = new Audience(this, log.child({ part: 'audience' }));
  }

  /**
   * Moves a member into the audience (true: their seat, cameras and subscription are released,
   * they watch the program) or out of it into a seat; their page is told to start its media again.
   * Only browsers can be in the audience; other kinds reject.
   */
  setAudience(participant: Participant, audience: boolean): Promise<void> {
    return this.audience.move(participant, audience);
  }

  /** Where a member's media lives now: the main rooms, or their breakout room's. */
  mediaOf(participant: Participant): MediaPlan {
    return this.breakouts?.mediaOf(participant) ?? this.media;
  }

  /** Where a member is heard and hears: this meeting, or their breakout room. */
  placeOf(participant: Participant): Meeting {
    return this.breakouts?.meetingOf(participant) ?? this;
  }

  /** A breakout room: a meeting of its own on the same media server, for some of this one's members. */
  child(options: Pick<MeetingOptions, 'roomId' | 'roomName'>): Meeting {
    const child = new Meeting({ ...this.options, ...options }, this.driver, this.log.child({ breakout: options.roomId }));
    this.children.add(child);
    return child;
  }

  get size(): number {
    return this.roster.size;
  }

  get recording(): boolean {
    return this.recordingNow !== undefined;
  }

  /** Who started the running recording (their name in the meeting). */
  get recordingBy(): string | undefined {
    return this.recordingNow?.by;
  }

  /** Creates the media rooms once; after a media server restart, `rebuildMedia` makes new ones. */
  ensureMedia(): Promise<MediaRooms> {
    this.rooms ??= this.driver
      // Each person may publish a camera and a screen.
      .createRooms({ maxPublishers: this.options.maxParticipants * 2 }, { talking: (seat, talking) => this.media.talking(seat, talking) })
      .catch((err: unknown) => {
        this.rooms = undefined;
        throw err;
      });
    return this.rooms;
  }

  /**
   * Whether `lost` names this meeting's rooms or those of a breakout room still open; a meeting
   * whose rooms could not be made tries again.
   */
  async mediaLost(lost: (rooms: MediaRooms) => boolean): Promise<boolean> {
    const rooms = await this.rooms?.catch(() => undefined);
    if (rooms === undefined || lost(rooms)) return true;
    for (const child of this.children) {
      if (child.ended) this.children.delete(child);
      else if (await child.roomsAmong(lost)) return true;
    }
    return false;
  }

  private async roomsAmong(lost: (rooms: MediaRooms) => boolean): Promise<boolean> {
    const rooms = await this.rooms?.catch(() => undefined);
    return rooms !== undefined && lost(rooms);
  }

  /** A copy of the whole mix as plain RTP, for those who cannot take a seat in it. */
  async forwardMix(target: RtpTarget): Promise<RtpForward> {
    return (await this.ensureMedia()).forwardMix(target);
  }

  /** Someone is about to enter, before their `joined`: a stage event holds them in their place. */
  arriving(participant: Participant): void {
    this.stage?.entering(participant);
  }

  add(participant: Participant): void {
    this.roster.add(participant);
    if (participant.audience) this.audience.joined(participant);
    else this.media.refresh(participant);
  }

  async remove(participant: Participant): Promise<void> {
    if (!this.roster.remove(participant)) return;
    await this.breakouts?.left(participant);
    this.listening?.left(participant);
    this.audience.left(participant);
    this.stage?.left(participant);
    this.recordingNow?.recording.removed(participant);
    await this.media.release(participant);
    this.media.refreshAll();
  }

  /** Muting is always possible; an unmute the stage event holds is refused with its reason. */
  async setMuted(participant: Participant, kind: 'audio' | 'video', muted: boolean): Promise<ErrorCode | undefined> {
    const refusal = muted ? undefined : this.stage?.refuses(participant, kind);
    if (refusal) return refusal;
    if (kind === 'audio') {
      participant.audioMuted = muted;
      if (muted) participant.speaking = false;
    } else {
      participant.videoMuted = muted;
    }
    this.roster.changed(participant);
    await this.mediaOf(participant).applyMute(participant, kind, muted);
    return undefined;
  }

  setHand(participant: Participant, raised: boolean): void {
    if (raised === (participant.handRaisedAt !== null)) return;
    participant.handRaisedAt = raised ? new Date().toISOString() : null;
    this.roster.changed(participant);
  }

  rename(participant: Participant, name: string): void {
    participant.name = name;
    this.roster.changed(participant);
  }

  setQuality(participant: Participant, quality: Participant['quality']): void {
    if (participant.quality === quality) return;
    participant.quality = quality;
    if (quality === 'poor') this.mediaOf(participant).congested(participant);
    this.roster.changed(participant);
  }

  setRole(participant: Participant, role: Participant['role']): void {
    participant.role = role;
    this.roster.changed(participant);
  }

  postChat(participant: Participant, text: string): void {
    const message = this.roster.post(participant, text);
    this.recordingNow?.recording.chat(message);
  }

  disconnected(participant: Participant): void {
    participant.link = undefined;
    this.roster.changed(participant);
  }

  reconnected(participant: Participant): void {
    this.roster.changed(participant, participant.id);
    this.mediaOf(participant).resendPendingOffer(participant);
  }

  /** The page the presenter shows now, if any. */
  get slide(): ShownPage | undefined {
    return this.slideNow;
  }

  /** The presenter's page changed (undefined: no slides shown); a running recording follows it. */
  showSlide(slide: ShownPage | undefined): void {
    this.slideNow = slide;
    this.recordingNow?.recording.slide(slide ?? null);
  }

  /** Starts following a recording: everything sent now is added to it, later streams as they come. */
  async startRecording(recording: MeetingRecording, by: string): Promise<void> {
    this.recordingNow = { recording, by };
    if (this.slideNow) recording.slide(this.slideNow);
    for (const s of this.media.streams()) await recording.added(s.participant, s.source, s.stream);
  }

  /** Stops the recording, if any; the media server must close its files before the streams go. */
  async stopRecording(): Promise<void> {
    const running = this.recordingNow;
    this.recordingNow = undefined;
    await running?.recording.stop();
  }

  /** Ends the meeting, telling those still in it why (no reason: it ended empty), and frees its media rooms. */
  async end(reason?: MeetingEndReason, by?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (reason) this.broadcast({ type: 'meetingEnded', reason, ...(by ? { by } : {}) });
    await this.breakouts?.close();
    await this.listening?.end();
    await this.audience.end();
    const everyone = this.roster.clear();
    await this.stopRecording();
    await Promise.allSettled(everyone.map((p) => this.media.release(p)));
    const rooms = await this.rooms?.catch(() => undefined);
    await rooms?.destroy();
  }

  /**
   * The media server restarted: every stream is gone. Make new rooms and ask every browser to
   * publish again; subscriptions follow as their media comes up.
   */
  async rebuildMedia(): Promise<void> {
    // The recording's streams died with the media server: keep what was written until now.
    await this.stopRecording();
    // The breakout rooms' media died too: everyone publishes again in the main room.
    await this.breakouts?.close();
    this.media.forgetAll();
    this.rooms = undefined;
    await this.ensureMedia();
    this.listening?.mediaReset();
    this.audience.mediaReset();
    this.broadcast({ type: 'mediaReset' });
  }

  broadcast(message: ServerMessage, exceptId?: string): void {
    this.roster.broadcast(message, exceptId);
  }
}
