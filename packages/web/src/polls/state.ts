import { signal, type ReadonlySignal } from '@preact/signals';
import type { PollView, ServerMessage } from '@moot/protocol';

/**
 * The meeting's current poll as the server shows it to this person. Kept outside the poll's
 * lazily loaded view, so a poll asked before that view was ever opened is not missed.
 */
export class PollState {
  private readonly pollState = signal<PollView | null>(null);
  private readonly dismissedState = signal<string | null>(null);
  readonly poll: ReadonlySignal<PollView | null> = this.pollState;

  /** Whether the poll asks for this person's attention (a new question, or its published result). */
  get showing(): boolean {
    const poll = this.pollState.value;
    return poll !== null && this.dismissedState.value !== `${poll.id}:${poll.published}`;
  }

  apply(message: ServerMessage): void {
    if (message.type === 'poll') this.pollState.value = message.poll;
  }

  dismiss(): void {
    const poll = this.pollState.value;
    if (poll) this.dismissedState.value = `${poll.id}:${poll.published}`;
  }

  clear(): void {
    this.pollState.value = null;
    this.dismissedState.value = null;
  }
}
