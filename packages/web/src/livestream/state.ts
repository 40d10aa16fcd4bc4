import { signal, type ReadonlySignal } from '@preact/signals';
import type { ServerMessage } from '@moot/protocol';
import { t } from '../i18n/index.ts';

/** Whether the meeting is live, and (for moderators) which destinations are failing. */
export class LivestreamState {
  private readonly liveState = signal(false);
  private readonly failingState = signal<{ name: string; retryInSeconds: number }[]>([]);
  readonly live: ReadonlySignal<boolean> = this.liveState;
  readonly failing: ReadonlySignal<{ name: string; retryInSeconds: number }[]> = this.failingState;

  /** Returns a toast to show, if the message calls for one. */
  apply(message: ServerMessage): string | undefined {
    if (message.type === 'livestreamState') {
      const was = this.liveState.value;
      this.liveState.value = message.active;
      if (!message.active) this.failingState.value = [];
      if (was === message.active || !message.by) return undefined;
      return message.active ? t('livestream.startedBy', { name: message.by }) : t('livestream.stoppedBy', { name: message.by });
    }
    if (message.type !== 'livestreamDestination') return undefined;
    const others = this.failingState.value.filter((f) => f.name !== message.name);
    if (message.state === 'failing') {
      this.failingState.value = [...others, { name: message.name, retryInSeconds: message.retryInSeconds ?? 0 }];
      return undefined;
    }
    this.failingState.value = others;
    return t('livestream.back', { name: message.name });
  }

  clear(): void {
    this.liveState.value = false;
    this.failingState.value = [];
  }
}
