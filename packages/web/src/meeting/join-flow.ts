import { signal, type ReadonlySignal } from '@preact/signals';
import type { ErrorCode, MeetingEndReason, ServerMessage } from '@moot/protocol';
import { errorText } from '../i18n/errors.ts';

export type Phase = 'prejoin' | 'joining' | 'waiting' | 'in' | 'ended' | 'left';

export interface Ended {
  reason: MeetingEndReason;
  by?: string;
}

/** What the session does next, in order, after an event of the connection. */
export type Step =
  | { kind: 'sendJoin' }
  /** Join again after a pause, if the person is still waiting to get in. */
  | { kind: 'sendJoinLater'; afterMs: number }
  | { kind: 'sendResume'; token: string }
  /** A fresh place in the meeting: connect media from scratch and say again what is on screen. */
  | { kind: 'startMedia' }
  /** The same place after a dropped socket: offers sent meanwhile may be lost. */
  | { kind: 'resyncMedia' }
  /** The media server restarted: every PeerConnection again, without a new join. */
  | { kind: 'resetMedia' }
  /** Close the socket and the connections; devices stay open for the pre-join screen when kept. */
  | { kind: 'close'; keepDevices: boolean }
  | { kind: 'toast'; text: string };

const MEDIA_RETRY_MS = 3_000;

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
  'org-participant-quota',
  'org-suspended',
]);

/**
 * The phases of one visit: pre-join → joining → (waiting in the lobby →) in the meeting →
 * ended or left, with "reconnecting" while the socket of a person in the meeting is down.
 * Takes the connection's events and answers with the steps the session must take; it keeps
 * the resume token, so a dropped socket resumes the same place.
 */
export class JoinFlow {
  private readonly phaseState = signal<Phase>('prejoin');
  private readonly errorState = signal<string | null>(null);
  private readonly reloadState = signal(false);
  private readonly reconnectingState = signal(false);
  private readonly endedState = signal<Ended | null>(null);
  private resumeToken: string | null = null;
  private joinRetryPending = false;

  readonly phase: ReadonlySignal<Phase> = this.phaseState;
  /** Why the last join failed, shown on the pre-join screen. */
  readonly joinError: ReadonlySignal<string | null> = this.errorState;
  /** The server no longer speaks this page's protocol: only reloading the page helps. */
  readonly reloadNeeded: ReadonlySignal<boolean> = this.reloadState;
  readonly reconnecting: ReadonlySignal<boolean> = this.reconnectingState;
  readonly ended: ReadonlySignal<Ended | null> = this.endedState;

  /** The person pressed "Join" (or joins again): a new connection is about to open. */
  begin(): void {
    this.errorState.value = null;
    this.endedState.value = null;
    this.resumeToken = null;
    this.phaseState.value = 'joining';
  }

  /** The socket is open, for the first time or again. */
  opened(): Step[] {
    this.joinRetryPending = false;
    return this.resumeToken ? [{ kind: 'sendResume', token: this.resumeToken }] : [{ kind: 'sendJoin' }];
  }

  /** The socket closed on its own; answers whether to keep trying. */
  dropped(): { retry: boolean; steps: Step[] } {
    const phase = this.phaseState.value;
    if (phase === 'in') {
      this.reconnectingState.value = true;
      return { retry: true, steps: [] };
    }
    if (phase === 'joining' || phase === 'waiting') return { retry: false, steps: this.refuse(errorText('network')) };
    return { retry: false, steps: [] };
  }

  received(message: ServerMessage): Step[] {
    switch (message.type) {
      case 'joined':
        this.errorState.value = null;
        this.resumeToken = message.resumeToken;
        this.reconnectingState.value = false;
        this.phaseState.value = 'in';
        return [{ kind: message.resumed ? 'resyncMedia' : 'startMedia' }];
      case 'waiting':
        this.phaseState.value = 'waiting';
        return [];
      case 'meetingEnded':
        this.endedState.value = { reason: message.reason, ...(message.by ? { by: message.by } : {}) };
        return this.finish('ended');
      case 'mediaReset':
        return this.phaseState.value === 'in' ? [{ kind: 'resetMedia' }] : [];
      case 'error':
        return this.failed(message.code, message.ref);
      default:
        return [];
    }
  }

  /** The pause after `sendJoinLater` is over: join, unless a new socket has joined meanwhile. */
  retryDue(): Step[] {
    if (!this.joinRetryPending) return [];
    this.joinRetryPending = false;
    return [{ kind: 'sendJoin' }];
  }

  /** The person left (or cancelled waiting in the lobby). */
  leave(): Step[] {
    return this.finish('left');
  }

  private failed(code: ErrorCode, ref: string | undefined): Step[] {
    const message = errorText(code);
    if (code === 'resume-failed') {
      // Our place is gone; enter again as a new participant with the same choices.
      this.resumeToken = null;
      return [{ kind: 'sendJoin' }];
    }
    if (code === 'media-unavailable' && ref === 'join' && (this.phaseState.value === 'joining' || this.phaseState.value === 'in')) {
      // Janus is (re)starting: keep the person on the way in, say so, and knock again shortly.
      this.errorState.value = message;
      this.joinRetryPending = true;
      return [{ kind: 'sendJoinLater', afterMs: MEDIA_RETRY_MS }];
    }
    if (code === 'unsupported-version') {
      const steps = this.refuse(message);
      this.reloadState.value = true;
      return steps;
    }
    // The meeting ended while this page was away: it is over here too, not a passing notice.
    const endedMeanwhile = ref === 'resume' && code === 'meeting-ended';
    if (ref === 'join' || endedMeanwhile || (this.phaseState.value !== 'in' && joinRefusals.has(code))) return this.refuse(message);
    return [{ kind: 'toast', text: message }];
  }

  private refuse(message: string): Step[] {
    this.reset();
    this.errorState.value = message;
    this.phaseState.value = 'prejoin';
    return [{ kind: 'close', keepDevices: true }];
  }

  private finish(phase: 'ended' | 'left'): Step[] {
    this.reset();
    this.phaseState.value = phase;
    return [{ kind: 'close', keepDevices: false }];
  }

  private reset(): void {
    this.resumeToken = null;
    this.joinRetryPending = false;
    this.reconnectingState.value = false;
  }
}
