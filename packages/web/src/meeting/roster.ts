import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ChatMessageView, ParticipantView } from '@moot/protocol';

/** Who is in the meeting and what they said, kept as the server reports it. */
export class Roster {
  private readonly selfIdState = signal<string | null>(null);
  private readonly peopleState = signal<ParticipantView[]>([]);
  private readonly chatState = signal<ChatMessageView[]>([]);
  readonly selfId: ReadonlySignal<string | null> = this.selfIdState;
  readonly people: ReadonlySignal<ParticipantView[]> = this.peopleState;
  readonly chat: ReadonlySignal<ChatMessageView[]> = this.chatState;

  /** Everyone, the person at this screen first. */
  readonly ordered = computed(() => {
    const id = this.selfId.value;
    const list = this.people.value;
    const self = list.find((p) => p.id === id);
    return self ? [self, ...list.filter((p) => p.id !== id)] : list;
  });

  readonly self = computed(() => this.people.value.find((p) => p.id === this.selfId.value) ?? null);

  reset(self: ParticipantView, participants: ParticipantView[], chat: ChatMessageView[]): void {
    this.selfIdState.value = self.id;
    this.peopleState.value = [self, ...participants.filter((p) => p.id !== self.id)];
    this.chatState.value = chat;
  }

  upsert(participant: ParticipantView): void {
    const list = this.people.value;
    this.peopleState.value = list.some((p) => p.id === participant.id)
      ? list.map((p) => (p.id === participant.id ? participant : p))
      : [...list, participant];
  }

  /** Changes this person's own entry at once, before the server confirms it. */
  patchSelf(change: Partial<ParticipantView>): void {
    const self = this.self.value;
    if (self) this.upsert({ ...self, ...change });
  }

  remove(id: string): void {
    this.peopleState.value = this.people.value.filter((p) => p.id !== id);
  }

  addChat(message: ChatMessageView): void {
    if (!this.chat.value.some((m) => m.id === message.id)) this.chatState.value = [...this.chat.value, message];
  }

  clear(): void {
    this.selfIdState.value = null;
    this.peopleState.value = [];
    this.chatState.value = [];
  }
}
