import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { LobbyEntryView, ServerMessage, VideoLayerView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { Roster } from './roster.ts';

/** Recording as this person knows it; `by` names who started it when the server said. */
export interface RecordingState {
  active: boolean;
  by?: string;
}

/** What a message asks of the session beyond changing state. */
export type Effect = { kind: 'toast'; text: string } | { kind: 'turnOff'; device: 'audio' | 'video' };

/**
 * The meeting as the server reports it: who is in it, the lobby, what is said, the layers
 * sent, recording and lock. Turns server messages into state and tells which effects follow.
 */
export class MeetingState {
  readonly roster = new Roster();
  private readonly roomNameState = signal('');
  private readonly lockedState = signal(false);
  private readonly recordingState = signal<RecordingState>({ active: false });
  private readonly noticeState = signal<RecordingState | null>(null);
  private readonly lobbyState = signal<LobbyEntryView[]>([]);
  private readonly unmuteAskState = signal<string | null>(null);
  private readonly layersState = signal<VideoLayerView[]>([]);
  private readonly chatReadState = signal(0);
  /** Set when this person asked to start recording: they need no notice of their own choice. */
  private startingRecording = false;

  readonly roomName: ReadonlySignal<string> = this.roomNameState;
  readonly locked: ReadonlySignal<boolean> = this.lockedState;
  readonly recording: ReadonlySignal<RecordingState> = this.recordingState;
  /** The recording notice waiting for the person's answer. */
  readonly recordingNotice: ReadonlySignal<RecordingState | null> = this.noticeState;
  /** People waiting for a moderator's decision (only moderators are told). */
  readonly lobby: ReadonlySignal<LobbyEntryView[]> = this.lobbyState;
  /** A moderator asked this person to unmute: who asked. */
  readonly unmuteAsk: ReadonlySignal<string | null> = this.unmuteAskState;
  /** Tiles the server sends at less than the quality they could show because of bandwidth. */
  readonly layers: ReadonlySignal<VideoLayerView[]> = this.layersState;
  /** Messages from others since the chat was last on screen. */
  readonly unreadChat = computed(() => {
    const self = this.roster.selfId.value;
    return this.roster.chat.value.slice(this.chatReadState.value).filter((m) => m.from.id !== self).length;
  });

  constructor(roomName: string) {
    this.roomNameState.value = roomName;
  }

  apply(message: ServerMessage): Effect[] {
    switch (message.type) {
      case 'joined': {
        const known = this.roster.selfId.value !== null && this.recordingState.value.active;
        this.roster.reset(message.self, message.participants, message.chat);
        this.roomNameState.value = message.meeting.roomName;
        this.lockedState.value = message.meeting.locked;
        this.chatReadState.value = 0;
        // A resumed connection does not repeat a notice the person already saw.
        if (!(message.recording && known)) this.setRecording({ active: message.recording, ...(message.recordingBy ? { by: message.recordingBy } : {}) });
        return [];
      }
      case 'participantJoined':
        this.roster.upsert(message.participant);
        return [];
      case 'participantUpdated':
        return this.updated(message.participant);
      case 'participantLeft':
        this.roster.remove(message.id);
        return [];
      case 'chat':
        this.roster.addChat(message.message);
        return [];
      case 'lobby':
        this.lobbyState.value = message.waiting;
        return [];
      case 'locked':
        this.lockedState.value = message.locked;
        return [{ kind: 'toast', text: t(message.locked ? 'toast.lockedBy' : 'toast.unlockedBy', { name: message.by }) }];
      case 'mutedBy':
        return [
          { kind: 'toast', text: t(message.kind === 'audio' ? 'toast.micOffBy' : 'toast.cameraOffBy', { name: message.by }) },
          { kind: 'turnOff', device: message.kind },
        ];
      case 'askUnmute':
        this.unmuteAskState.value = message.by;
        return [];
      case 'videoLayers':
        this.layersState.value = message.layers.filter((layer) => layer.reason === 'bandwidth');
        return [];
      case 'recording':
        return this.setRecording({ active: message.active, ...(message.by ? { by: message.by } : {}) });
      default:
        return [];
    }
  }

  /** This person asks to start recording; the server's answer then needs no notice for them. */
  expectOwnRecording(): void {
    this.startingRecording = true;
  }

  dismissRecordingNotice(): void {
    this.noticeState.value = null;
  }

  dismissUnmuteAsk(): void {
    this.unmuteAskState.value = null;
  }

  /** Everything said so far has been on screen. */
  markChatRead(): void {
    this.chatReadState.value = this.roster.chat.value.length;
  }

  /** Forgets the meeting: this person is no longer in it. */
  clear(): void {
    this.roster.clear();
    this.lobbyState.value = [];
    this.unmuteAskState.value = null;
    this.layersState.value = [];
    this.noticeState.value = null;
    this.recordingState.value = { active: false };
    this.chatReadState.value = 0;
    this.startingRecording = false;
  }

  private setRecording(next: RecordingState): Effect[] {
    const was = this.recordingState.value.active;
    this.recordingState.value = next;
    if (next.active === was) return [];
    if (!next.active) {
      this.noticeState.value = null;
      return [{ kind: 'toast', text: next.by ? t('toast.recordingStoppedBy', { name: next.by }) : t('toast.recordingStopped') }];
    }
    if (this.startingRecording) {
      this.startingRecording = false;
      return [{ kind: 'toast', text: t('toast.recordingStarted') }];
    }
    this.noticeState.value = next;
    return [];
  }

  private updated(participant: Parameters<Roster['upsert']>[0]): Effect[] {
    const before = this.roster.people.value.find((p) => p.id === participant.id);
    this.roster.upsert(participant);
    if (participant.id !== this.roster.selfId.value || !before || before.role === participant.role) return [];
    if (participant.role === 'moderator') return [{ kind: 'toast', text: t('toast.promoted') }];
    return before.role === 'moderator' ? [{ kind: 'toast', text: t('toast.demoted') }] : [];
  }
}
