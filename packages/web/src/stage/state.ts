import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ServerMessage, StagePlace, StageView } from '@moot/protocol';

/** What a stage message changed for the person at this screen. */
export type StageNews = 'on-stage' | 'backstage' | 'audience' | 'event-started' | 'event-ended';

/**
 * The meeting's stage event as this page knows it: the places, the queue and the talk under
 * way. The timer counts from the moment the server's message arrived, so the two clocks never
 * need to agree.
 */
export class StageState {
  private readonly viewState = signal<StageView | null>(null);
  private readonly receivedAt = signal(0);
  readonly view: ReadonlySignal<StageView | null> = this.viewState;
  readonly active = computed(() => this.viewState.value !== null);

  /** The person's place, or null without a stage event. */
  placeOf(participantId: string | null): StagePlace | null {
    const view = this.viewState.value;
    if (!view || participantId === null) return null;
    if (view.stage.includes(participantId)) return 'stage';
    if (view.backstage.includes(participantId)) return 'backstage';
    return 'audience';
  }

  /** Whose tiles to show: during a stage event the people on stage (and oneself, to check one's camera). */
  visible<T extends { id: string }>(people: T[], selfId: string | null): T[] {
    if (!this.viewState.value) return people;
    return people.filter((p) => p.id === selfId || this.placeOf(p.id) === 'stage');
  }

  /** Seconds left in the talk under way at `now` (performance.now()), negative once over. */
  secondsLeft(now: number): number | null {
    const current = this.viewState.value?.current;
    if (!current) return null;
    return current.seconds - current.elapsed - Math.floor((now - this.receivedAt.value) / 1000);
  }

  apply(message: ServerMessage, selfId: string | null, now: number): StageNews | undefined {
    if (message.type !== 'stage') return undefined;
    const before = this.placeOf(selfId);
    this.viewState.value = message.stage;
    this.receivedAt.value = now;
    const after = this.placeOf(selfId);
    if (before === after) return undefined;
    if (after === null) return 'event-ended';
    if (before === null) return after === 'stage' ? 'event-started' : after;
    return after === 'stage' ? 'on-stage' : after;
  }

  clear(): void {
    this.viewState.value = null;
  }
}
