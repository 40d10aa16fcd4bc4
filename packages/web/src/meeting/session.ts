import { signal } from '@preact/signals';
import type { ClientMessage, ErrorCode, LobbyEntryView, MeetingEndReason, RoomEntryResponse, ServerMessage, VideoLayerView } from '@moot/protocol';
import { LocalMedia } from '../media/local.ts';
import type { DeviceRole } from '../media/preferences.ts';
import { Signaling } from '../signaling.ts';
import { MeetingMedia } from './media.ts';
import { QualityWatch } from './quality.ts';
import { Roster } from './roster.ts';
import { ViewReporter, type TileView } from './view.ts';

export type Phase = 'prejoin' | 'joining' | 'waiting' | 'in' | 'ended' | 'left';

export interface JoinChoices {
  name?: string;
  accessCode?: string;
}

/** Errors that answer a join: the person stays on the pre-join screen and may try again. */
const joinRefusals = new Set<ErrorCode>([
  'room-full',
  'wrong-access-code',
  'access-code-required',
  'members-only',
  'guests-disabled',
  'meeting-ended',
  'room-not-found',
  'lobby-denied',
  'owner-suspended',
]);

const TOAST_MS = 6000;

/**
 * One visit to a room: pre-join, the meeting itself and its end. Owns the socket, the
 * PeerConnections and the local devices, and turns server messages into state for the UI.
 */
export class MeetingSession {
  readonly phase = signal<Phase>('prejoin');
  readonly joinError = signal<string | null>(null);
  readonly reconnecting = signal(false);
  readonly toast = signal<string | null>(null);
  readonly ended = signal<{ reason: MeetingEndReason; by?: string } | null>(null);
  readonly roomName = signal('');
  readonly locked = signal(false);
  readonly recording = signal(false);
  /** People waiting for a moderator's decision (only moderators are told). */
  readonly lobby = signal<LobbyEntryView[]>([]);
  /** A moderator asked this person to unmute: who asked. */
  readonly unmuteAsk = signal<string | null>(null);
  /** Tiles the server sends at less than the quality they could show. */
  readonly layers = signal<VideoLayerView[]>([]);
  readonly audioOnly = signal(false);
  readonly local = new LocalMedia();
  readonly roster = new Roster();
  private media: MeetingMedia | null = null;
  private signaling: Signaling | null = null;
  private readonly view = new ViewReporter((m) => this.signaling?.send(m) ?? false);
  private readonly quality = new QualityWatch(
    () => this.media?.connections() ?? [],
    (level) => this.signaling?.send({ type: 'quality', level }),
  );
  private choices: JoinChoices = {};
  private resumeToken: string | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly entry: RoomEntryResponse) {
    this.roomName.value = entry.room.name;
    addEventListener('online', this.onOnline);
    addEventListener('pagehide', this.onPageHide);
  }

  get mediaState(): MeetingMedia | null {
    return this.media;
  }

  async join(choices: JoinChoices): Promise<void> {
    this.choices = choices;
    this.joinError.value = null;
    this.ended.value = null;
    this.phase.value = 'joining';
    await this.local.start();
    this.resumeToken = null;
    this.media = new MeetingMedia(this.local, (m) => this.signaling?.send(m), (error) => this.failed(error));
    this.signaling = new Signaling({
      onOpen: () => this.onOpen(),
      onMessage: (message) => this.onMessage(message),
      onDrop: () => this.onDrop(),
    });
    this.signaling.connect();
  }

  /** "Join again" after leaving or after the meeting ended, with the same choices as before. */
  rejoin(): Promise<void> {
    return this.join(this.choices);
  }

  /** Sends a meeting command; says so when the connection is down. */
  command(message: ClientMessage): void {
    if (!this.signaling?.send(message)) this.showToast('Not connected right now; please try again in a moment.');
  }

  async setMic(on: boolean): Promise<void> {
    if (on) this.unmuteAsk.value = null;
    await this.local.setMic(on);
    this.announceMute('audio');
  }

  async setCamera(on: boolean): Promise<void> {
    try {
      await this.local.setCamera(on);
    } finally {
      this.announceMute('video');
    }
    if (on && !this.local.videoTrack.value) this.showToast(this.local.problem.value ?? 'The camera could not be started.');
  }

  /**
   * Moves to another device: the live sender gets the new track (no renegotiation), the
   * microphone stays muted or not, and the choice is remembered for the next pre-join screen.
   */
  async chooseDevice(role: DeviceRole, deviceId: string): Promise<void> {
    if (role === 'speaker') {
      this.local.chooseSpeaker(deviceId);
      return;
    }
    const kind = role === 'camera' ? 'video' : 'audio';
    await (role === 'camera' ? this.local.chooseCamera(deviceId) : this.local.chooseMicrophone(deviceId));
    const track = kind === 'video' ? this.local.videoTrack.value : this.local.audioTrack.value;
    const wanted = kind === 'video' ? this.local.cameraOn.value : this.local.micOn.value;
    // Only a device that failed to open changes what the others see or hear.
    if (wanted && !track) {
      this.announceMute(kind);
      this.showToast(this.local.problem.value ?? 'That device could not be started.');
    }
  }

  async toggleScreen(): Promise<void> {
    const media = this.media;
    if (!media) return;
    if (media.screenTrack.value) {
      media.stopScreen();
      return;
    }
    try {
      await media.startScreen();
    } catch (error) {
      // Cancelling the browser's picker is a choice, not a failure.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) this.showToast('Your screen could not be shared.');
    }
  }

  /** Moderators start or stop recording the meeting; everyone is told by the server. */
  setRecording(active: boolean): void {
    this.command({ type: 'record', active });
  }

  setAudioOnly(on: boolean): void {
    this.audioOnly.value = on;
  }

  reportView(tiles: TileView[]): void {
    this.view.report(tiles, this.audioOnly.value);
  }

  sendChat(text: string): boolean {
    const sent = this.signaling?.send({ type: 'chat', text }) ?? false;
    if (!sent) this.showToast('Not connected: your message was not sent.');
    return sent;
  }

  leave(): void {
    this.signaling?.send({ type: 'leave' });
    this.finish();
    this.phase.value = 'left';
  }

  /** Leaves for good: the page that showed this room is going away. */
  dispose(): void {
    if (this.phase.value !== 'prejoin') this.signaling?.send({ type: 'leave' });
    this.finish();
    removeEventListener('online', this.onOnline);
    removeEventListener('pagehide', this.onPageHide);
  }

  showToast(message: string): void {
    clearTimeout(this.toastTimer);
    this.toast.value = message;
    this.toastTimer = setTimeout(() => (this.toast.value = null), TOAST_MS);
  }

  private onOpen(): void {
    if (this.resumeToken) this.signaling?.send({ type: 'resume', token: this.resumeToken });
    else this.sendJoin();
  }

  private sendJoin(): void {
    const { name, accessCode } = this.choices;
    this.signaling?.send({
      type: 'join',
      room: this.entry.room.id,
      ...(name ? { name } : {}),
      ...(accessCode ? { accessCode } : {}),
      audioMuted: !this.local.micOn.value || !this.local.audioTrack.value,
      videoMuted: !this.local.videoTrack.value,
    });
  }

  private onDrop(): boolean {
    if (this.phase.value === 'in') {
      this.reconnecting.value = true;
      return true;
    }
    if (this.phase.value === 'joining' || this.phase.value === 'waiting') {
      this.refuse('The server cannot be reached. Check your connection and try again.');
    }
    return false;
  }

  private onMessage(message: ServerMessage): void {
    const media = this.media;
    if (!media) return;
    switch (message.type) {
      case 'joined':
        this.resumeToken = message.resumeToken;
        this.roomName.value = message.meeting.roomName;
        this.locked.value = message.meeting.locked;
        this.recording.value = message.recording;
        this.roster.reset(message.self, message.participants, message.chat);
        this.reconnecting.value = false;
        this.phase.value = 'in';
        if (message.resumed) media.resync();
        else {
          media.restart(message.iceServers);
          this.view.resend();
          this.quality.start();
        }
        break;
      case 'waiting':
        this.phase.value = 'waiting';
        break;
      case 'answer':
        media.acceptAnswer(message.source, message.sdp);
        break;
      case 'offer':
        media.acceptOffer(message.sdp, message.streams);
        break;
      case 'participantJoined':
      case 'participantUpdated':
        this.roster.upsert(message.participant);
        break;
      case 'participantLeft':
        this.roster.remove(message.id);
        break;
      case 'chat':
        this.roster.addChat(message.message);
        break;
      case 'lobby':
        this.lobby.value = message.waiting;
        break;
      case 'locked':
        this.locked.value = message.locked;
        this.showToast(`${message.by} ${message.locked ? 'locked' : 'unlocked'} the meeting.`);
        break;
      case 'mutedBy':
        this.showToast(`${message.by} turned off your ${message.kind === 'audio' ? 'microphone' : 'camera'}.`);
        void (message.kind === 'audio' ? this.setMic(false) : this.setCamera(false));
        break;
      case 'askUnmute':
        this.unmuteAsk.value = message.by;
        break;
      case 'videoLayers':
        this.layers.value = message.layers.filter((layer) => layer.reason === 'bandwidth');
        break;
      case 'recording':
        this.recording.value = message.active;
        break;
      case 'meetingEnded':
        this.ended.value = { reason: message.reason, ...(message.by ? { by: message.by } : {}) };
        this.finish();
        this.phase.value = 'ended';
        break;
      case 'mediaReset':
        media.restart();
        break;
      case 'error':
        this.onError(message.code, message.message, message.ref);
        break;
    }
  }

  private onError(code: ErrorCode, message: string, ref: string | undefined): void {
    if (code === 'resume-failed') {
      // Our place is gone; enter again as a new participant with the same choices.
      this.resumeToken = null;
      this.sendJoin();
    } else if (ref === 'join' || (this.phase.value !== 'in' && joinRefusals.has(code))) {
      this.refuse(message);
    } else {
      this.showToast(message);
    }
  }

  private refuse(message: string): void {
    this.finish(false);
    this.joinError.value = message;
    this.phase.value = 'prejoin';
  }

  /** Tells the others at once; the server echoes it back as participantUpdated. */
  private announceMute(kind: 'audio' | 'video'): void {
    const muted = kind === 'audio' ? !this.local.micOn.value || !this.local.audioTrack.value : !this.local.videoTrack.value;
    this.roster.patchSelf(kind === 'audio' ? { audioMuted: muted } : { videoMuted: muted });
    if (this.phase.value === 'in') this.signaling?.send({ type: 'mute', kind, muted });
  }

  private failed(error: unknown): void {
    console.error('media', error);
    this.showToast('A media connection had a problem; trying again may help.');
  }

  /** Ends the connection; devices stay open only when the person is back on the pre-join screen. */
  private finish(stopDevices = true): void {
    this.signaling?.close();
    this.signaling = null;
    this.media?.close();
    this.media = null;
    this.view.stop();
    this.quality.stop();
    this.reconnecting.value = false;
    this.resumeToken = null;
    this.lobby.value = [];
    this.unmuteAsk.value = null;
    this.roster.clear();
    if (stopDevices) this.local.stop();
  }

  private readonly onOnline = () => {
    this.signaling?.retryNow();
    if (this.phase.value === 'in') this.media?.restartIce();
  };

  private readonly onPageHide = () => {
    if (this.phase.value === 'in') this.signaling?.send({ type: 'leave' });
  };
}
