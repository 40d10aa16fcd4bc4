import { signal, type ReadonlySignal } from '@preact/signals';
import type { BreakoutsView, ParticipantView, ServerMessage } from '@moot/protocol';

export interface BreakoutNote {
  from: string;
  text: string;
  at: string;
}

/**
 * Breakout rooms as the server reports them: the rooms, who is where, and the moderators'
 * messages to all rooms. Kept outside the lazily loaded views, which read it when shown.
 */
export class BreakoutState {
  private readonly roomsState = signal<BreakoutsView | null>(null);
  private readonly noteState = signal<BreakoutNote | null>(null);
  /** The round (by its end time) whose card this person closed; a new message shows it again. */
  private readonly hiddenState = signal<string | null>(null);
  readonly rooms: ReadonlySignal<BreakoutsView | null> = this.roomsState;
  /** The latest message to all rooms, until dismissed. */
  readonly note: ReadonlySignal<BreakoutNote | null> = this.noteState;

  /** Whether the breakout card asks for this person's attention. */
  get showing(): boolean {
    const rooms = this.roomsState.value;
    return rooms !== null && this.hiddenState.value !== rooms.endsAt;
  }

  apply(message: ServerMessage): void {
    if (message.type === 'breakouts') this.roomsState.value = message.breakouts;
    else if (message.type === 'breakoutMessage') {
      this.noteState.value = { from: message.from, text: message.text, at: message.at };
      this.hiddenState.value = null;
    }
  }

  hide(): void {
    this.hiddenState.value = this.roomsState.value?.endsAt ?? null;
  }

  /** The room a person is in; null for the main room. */
  roomOf(id: string | null): number | null {
    if (id === null) return null;
    return this.roomsState.value?.where[id] ?? null;
  }

  /** The people whose room this person shares: they are the ones seen and heard. */
  sameRoom(people: ParticipantView[], selfId: string | null): ParticipantView[] {
    if (!this.roomsState.value) return people;
    const mine = this.roomOf(selfId);
    return people.filter((p) => this.roomOf(p.id) === mine);
  }

  dismissNote(): void {
    this.noteState.value = null;
  }

  clear(): void {
    this.roomsState.value = null;
    this.noteState.value = null;
    this.hiddenState.value = null;
  }
}
