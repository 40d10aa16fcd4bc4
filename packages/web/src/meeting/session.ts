import { signal, type ReadonlySignal } from '@preact/signals';
import { PROTOCOL_VERSION } from '@moot/protocol/plain';
import type { ClientMessage, IceServerView, LobbyEntryView, RoomEntryResponse, ServerMessage, VideoLayerView } from '@moot/protocol';
import { formatNumber, t } from '../i18n/index.ts';
import { LocalMedia } from '../media/local.ts';
import type { DeviceRole } from '../media/preferences.ts';
import { Signaling } from '../signaling.ts';
import { SlidesState } from '../slides/state.ts';
import { DeviceControl, type DeviceKind } from './device-control.ts';
import { invitation } from './invitation.ts';
import { JoinFlow, type Step } from './join-flow.ts';
import { MeetingMedia } from './media.ts';
import { MeetingState, type Effect, type RecordingState } from './meeting-state.ts';
import { QualityWatch } from './quality.ts';
import type { Roster } from './roster.ts';
import { Toasts } from './toasts.ts';
import { ViewReporter, type TileView } from './view.ts';
import { PollState } from '../polls/state.ts';
import { BreakoutState } from '../breakouts/state.ts';
import { LivestreamState } from '../livestream/state.ts';
import { StageState, type StageNews } from '../stage/state.ts';
import { ProgramReceiver } from '../audience/program.ts';
import { toRtcIceServers } from '../media/ice.ts';

export type { Phase } from './join-flow.ts';

export interface JoinChoices {
  name?: string;
  accessCode?: string;
  /** A browser without WebRTC: no devices, no PeerConnections, the mix as an HTTP stream (listen/). */
  listenOnly?: boolean;
}

/**
 * One visit to a room: wires the join phases, the meeting's state, the devices and the
 * toasts to the socket and the PeerConnections. Views read its signals and call its methods.
 */
export class MeetingSession {
  private readonly flow = new JoinFlow();
  private readonly toasts = new Toasts();
  /** The meeting's poll and breakout rooms, followed from the start; their views load when first shown. */
  readonly polls = new PollState();
  readonly breakouts = new BreakoutState();
  readonly livestream = new LivestreamState();
  readonly stage = new StageState();
  private readonly state: MeetingState;
  readonly local = new LocalMedia();
  private readonly devices = new DeviceControl(
    this.local,
    (kind, muted) => this.announceMute(kind, muted),
    (text) => this.showToast(text),
  );
  private readonly audioOnlyState = signal(false);
  private media: MeetingMedia | null = null;
  private signaling: Signaling | null = null;
  private readonly view = new ViewReporter((m) => this.signaling?.send(m) ?? false);
  private readonly quality = new QualityWatch(
    () => this.media?.connections() ?? [],
    (level) => this.signaling?.send({ type: 'quality', level }),
  );
  private choices: JoinChoices = {};
  /** The servers of the latest `joined`, for connections made after it. */
  private iceServers: IceServerView[] = [];
  /** In the audience, the one connection: the meeting's program (audience/). */
  readonly program = new ProgramReceiver(
    () => toRtcIceServers(this.iceServers),
    (m) => this.signaling?.send(m) ?? false,
  );
  /** Parts loaded on first use (whiteboard, notes) that follow the server's messages. */
  private readonly listeners = new Set<(message: ServerMessage) => void>();

  readonly phase = this.flow.phase;
  readonly joinError = this.flow.joinError;
  readonly reloadNeeded = this.flow.reloadNeeded;
  readonly reconnecting = this.flow.reconnecting;
  readonly ended = this.flow.ended;
  readonly toast = this.toasts.current;
  readonly audioOnly: ReadonlySignal<boolean> = this.audioOnlyState;
  /** What the presenter shows, and the page on this person's screen (`slides.pageId`). */
  readonly slides = new SlidesState();
  readonly roster: Roster;
  readonly roomName: ReadonlySignal<string>;
  readonly locked: ReadonlySignal<boolean>;
  readonly recording: ReadonlySignal<RecordingState>;
  readonly recordingNotice: ReadonlySignal<RecordingState | null>;
  readonly lobby: ReadonlySignal<LobbyEntryView[]>;
  readonly unmuteAsk: ReadonlySignal<string | null>;
  readonly layers: ReadonlySignal<VideoLayerView[]>;
  readonly unreadChat: ReadonlySignal<number>;

  /** `ticket`: the one-time entry of a BigBlueButton API join URL; it names the person and their role. */
  constructor(
    readonly entry: RoomEntryResponse,
    readonly ticket?: string,
  ) {
    const state = new MeetingState(entry.room.name);
    this.state = state;
    this.roster = state.roster;
    this.roomName = state.roomName;
    this.locked = state.locked;
    this.recording = state.recording;
    this.recordingNotice = state.recordingNotice;
    this.lobby = state.lobby;
    this.unmuteAsk = state.unmuteAsk;
    this.layers = state.layers;
    this.unreadChat = state.unreadChat;
    addEventListener('online', this.onOnline);
    addEventListener('pagehide', this.onPageHide);
  }

  get mediaState(): MeetingMedia | null {
    return this.media;
  }

  async join(choices: JoinChoices): Promise<void> {
    this.choices = choices;
    this.flow.begin();
    if (!choices.listenOnly) {
      await this.local.start();
      this.media = new MeetingMedia(this.local, (m) => this.signaling?.send(m), (error) => this.failed(error));
    }
    this.signaling = new Signaling({
      onOpen: () => this.run(this.flow.opened()),
      onMessage: (message) => this.onMessage(message),
      onDrop: () => {
        const { retry, steps } = this.flow.dropped();
        this.run(steps);
        return retry;
      },
    });
    this.signaling.connect();
  }

  /** "Join again" after leaving or after the meeting ended, with the same choices as before. */
  rejoin(): Promise<void> {
    return this.join(this.choices);
  }

  /** Every server message from now on, until the returned function is called. */
  listen(listener: (message: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends quietly: false while the connection is down (the caller catches up after `joined`). */
  trySend(message: ClientMessage): boolean {
    return this.signaling?.send(message) ?? false;
  }

  /** Sends a meeting command; says so when the connection is down. */
  command(message: ClientMessage): void {
    if (!this.signaling?.send(message)) this.showToast(t('toast.notConnected'));
  }

  setMic(on: boolean): Promise<void> {
    if (on && (this.heldInAudience() || this.heldOffStage('audio'))) return Promise.resolve();
    if (on) this.state.dismissUnmuteAsk();
    return this.devices.setMic(on);
  }

  setCamera(on: boolean): Promise<void> {
    if (on && (this.heldInAudience() || this.heldOffStage('video'))) return Promise.resolve();
    return this.devices.setCamera(on);
  }

  chooseDevice(role: DeviceRole, deviceId: string): Promise<void> {
    return this.devices.choose(role, deviceId);
  }

  /** From the recording notice: the person stays, but sends neither sound nor picture. */
  async turnOffDevices(): Promise<void> {
    this.state.dismissRecordingNotice();
    await Promise.all([this.devices.setMic(false), this.devices.setCamera(false)]);
  }

  dismissRecordingNotice(): void {
    this.state.dismissRecordingNotice();
  }

  dismissUnmuteAsk(): void {
    this.state.dismissUnmuteAsk();
  }

  markChatRead(): void {
    this.state.markChatRead();
  }

  async toggleScreen(): Promise<void> {
    const media = this.media;
    if (!media || this.heldInAudience()) return;
    if (media.screenTrack.value) {
      media.stopScreen();
      return;
    }
    try {
      await media.startScreen();
    } catch (error) {
      // Cancelling the browser's picker is a choice, not a failure.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) this.showToast(t('toast.shareFailed'));
    }
  }

  /** Moderators start or stop recording the meeting; everyone is told by the server. */
  setRecording(active: boolean): void {
    if (active) this.state.expectOwnRecording();
    this.command({ type: 'record', active });
  }

  setAudioOnly(on: boolean): void {
    this.audioOnlyState.value = on;
  }

  reportView(tiles: TileView[]): void {
    this.view.report(tiles, this.audioOnlyState.value);
  }

  sendChat(text: string): boolean {
    const sent = this.signaling?.send({ type: 'chat', text }) ?? false;
    if (!sent) this.showToast(t('toast.chatNotSent'));
    return sent;
  }

  /** Puts the room's link (and the access code this person entered) on the clipboard. */
  async copyInvitation(): Promise<void> {
    const text = invitation(this.entry.room.id, this.state.roomName.value, location.origin, this.entry.accessCode ?? this.choices.accessCode, this.entry.dialIn);
    try {
      await navigator.clipboard.writeText(text);
      this.showToast(t('toast.invitationCopied'));
    } catch {
      this.showToast(t('toast.invitationNotCopied', { link: `${location.origin}${location.pathname}` }));
    }
  }

  leave(): void {
    this.signaling?.send({ type: 'leave' });
    this.run(this.flow.leave());
  }

  /** Leaves for good: the page that showed this room is going away. */
  dispose(): void {
    if (this.phase.value !== 'prejoin') this.signaling?.send({ type: 'leave' });
    this.close(false);
    removeEventListener('online', this.onOnline);
    removeEventListener('pagehide', this.onPageHide);
  }

  showToast(message: string): void {
    this.toasts.show(message);
  }

  /** In the audience: the page watches the program and sends no sound or picture. */
  get inAudience(): boolean {
    return this.roster.self.value?.audience === true;
  }

  /** Whether this visit only listens (see JoinChoices). */
  get listenOnly(): boolean {
    return this.choices.listenOnly === true;
  }

  private onMessage(message: ServerMessage): void {
    const media = this.media;
    if (!media && !this.listenOnly) return;
    switch (message.type) {
      case 'answer':
        media?.acceptAnswer(message.source, message.sdp);
        return;
      case 'offer':
        media?.acceptOffer(message.sdp, message.streams);
        return;
      case 'joined':
      // Fresh relay credentials before the last ones expire: for new connections and ICE restarts.
      case 'iceServers':
        this.iceServers = message.iceServers;
        media?.useIceServers(message.iceServers);
        break;
      case 'programOffer':
        void this.program.accept(message.sdp);
        return;
      case 'audienceMoved':
        // Same connection, other place: the program instead of every PeerConnection, or the other way round.
        if (message.audience) this.enterAudience();
        else this.takeSeat();
        this.showToast(t(message.audience ? 'audience.moved' : 'audience.seated'));
        return;
      case 'breakoutMoved':
        // Same connection, other media rooms: every PeerConnection again, and what is on screen.
        // A page in the audience waits for `audienceMoved`, which seats it in a room or brings it back.
        if (!this.inAudience) {
          media?.restart();
          this.view.resend();
        }
        this.showToast(message.room === null ? t('breakout.backInMain') : t('breakout.movedTo', { number: formatNumber(message.room + 1) }));
        return;
    }
    this.polls.apply(message);
    this.breakouts.apply(message);
    const livestreamNews = this.livestream.apply(message);
    if (livestreamNews) this.showToast(livestreamNews);
    const stageNews = this.stage.apply(message, this.state.roster.selfId.value, performance.now());
    if (stageNews) this.followStage(stageNews);
    this.slides.apply(message);
    this.apply(this.state.apply(message));
    this.run(this.flow.received(message));
    for (const listener of this.listeners) listener(message);
  }

  /**
   * Backstage the server holds this person's seat muted: the page follows, so its buttons say what
   * is true. The audience leaves the mix altogether, which `audienceMoved` brings.
   */
  private followStage(news: StageNews): void {
    if (news === 'backstage') {
      void this.devices.setMic(false);
      if (this.media?.screenTrack.value) this.media.stopScreen();
    }
    this.showToast(t(`stage.news.${news}`));
  }

  /** Says why, in the audience, the page sends nothing (the server would refuse it). */
  private heldInAudience(): boolean {
    if (!this.inAudience) return false;
    this.showToast(t('error.audience-only'));
    return true;
  }

  /** Says why, when the stage event does not let this person send this now (the server would refuse it). */
  private heldOffStage(kind: DeviceKind): boolean {
    const place = this.stage.placeOf(this.state.roster.selfId.value);
    if (place !== 'audience' && (place !== 'backstage' || kind === 'video')) return false;
    this.showToast(t(`stage.held.${place}`));
    return true;
  }

  private apply(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'toast') this.showToast(effect.text);
      else void (effect.device === 'audio' ? this.setMic(false) : this.setCamera(false));
    }
  }

  private run(steps: Step[]): void {
    for (const step of steps) {
      switch (step.kind) {
        case 'sendJoin':
          this.sendJoin();
          break;
        case 'sendJoinLater':
          setTimeout(() => this.run(this.flow.retryDue()), step.afterMs);
          break;
        case 'sendResume':
          this.signaling?.send({ type: 'resume', version: PROTOCOL_VERSION, token: step.token });
          break;
        case 'startMedia':
          // A listener's page has no media and reports no view or quality: its stream is HTTP.
          if (this.listenOnly) break;
          if (this.inAudience) {
            this.enterAudience();
            break;
          }
          this.media?.restart();
          this.view.resend();
          this.quality.start();
          break;
        case 'resyncMedia':
          this.media?.resync();
          break;
        case 'resetMedia':
          if (this.inAudience) this.program.watch();
          else this.media?.restart();
          break;
        case 'close':
          this.close(step.keepDevices);
          break;
        case 'toast':
          this.showToast(step.text);
          break;
      }
    }
  }

  private sendJoin(): void {
    const { name, accessCode } = this.choices;
    this.signaling?.send({
      type: 'join',
      version: PROTOCOL_VERSION,
      room: this.entry.room.id,
      ...(name ? { name } : {}),
      ...(accessCode ? { accessCode } : {}),
      ...(this.ticket ? { ticket: this.ticket } : {}),
      audioMuted: this.listenOnly || this.devices.muted('audio'),
      videoMuted: this.listenOnly || this.devices.muted('video'),
      ...(this.listenOnly ? { listenOnly: true } : {}),
    });
  }

  /**
   * Into the audience: the publishing and receiving connections close, the microphone and camera
   * go off (nothing of this person's goes anywhere now), and the program comes instead.
   */
  private enterAudience(): void {
    this.media?.close();
    this.media = new MeetingMedia(this.local, (m) => this.signaling?.send(m), (error) => this.failed(error));
    this.media.useIceServers(this.iceServers);
    this.quality.stop();
    this.view.stop();
    void this.local.setMic(false);
    void this.local.setCamera(false);
    this.local.stop();
    this.program.watch();
  }

  /** Out of the audience into a seat: the program goes, the connections come, microphone and camera off until the person turns them on. */
  private takeSeat(): void {
    this.program.stop();
    this.media?.restart();
    this.view.resend();
    this.quality.start();
  }

  /** Tells the others at once; the server echoes it back as participantUpdated. */
  private announceMute(kind: DeviceKind, muted: boolean): void {
    this.state.roster.patchSelf(kind === 'audio' ? { audioMuted: muted } : { videoMuted: muted });
    if (this.phase.value === 'in') this.signaling?.send({ type: 'mute', kind, muted });
  }

  private failed(error: unknown): void {
    console.error('media', error);
    this.showToast('A media connection had a problem; trying again may help.');
  }

  /** Ends the connection; devices stay open only when the person is back on the pre-join screen. */
  private close(keepDevices: boolean): void {
    this.signaling?.close();
    this.signaling = null;
    this.media?.close();
    this.media = null;
    this.program.stop();
    this.view.stop();
    this.quality.stop();
    this.state.clear();
    this.slides.clear();
    this.polls.clear();
    this.breakouts.clear();
    this.livestream.clear();
    this.stage.clear();
    if (!keepDevices) this.local.stop();
  }

  private readonly onOnline = () => {
    this.signaling?.retryNow();
    if (this.phase.value === 'in') this.media?.restartIce();
  };

  private readonly onPageHide = () => {
    if (this.phase.value === 'in') this.signaling?.send({ type: 'leave' });
  };
}
