import { computed, signal } from '@preact/signals';
import type { ChatMessageView, ParticipantView } from '@moot/protocol';

/** Who is in the meeting and what they said, kept as the server reports it. */
export class Roster {
  readonly selfId = signal<string | null>(null);
  readonly people = signal<ParticipantView[]>([]);
  readonly chat = signal<ChatMessageView[]>([]);

  /** Everyone, the person at this screen first. */
  readonly ordered = computed(() => {
    const id = this.selfId.value;
    const list = this.people.value;
    const self = list.find((p) => p.id === id);
    return self ? [self, ...list.filter((p) => p.id !== id)] : list;
  });

  readonly self = computed(() => this.people.value.find((p) => p.id === this.selfId.value) ?? null);

  reset(self: ParticipantView, participants: ParticipantView[], chat: ChatMessageView[]): void {
    this.selfId.value = self.id;
    this.people.value = [self, ...participants.filter((p) => p.id !== self.id)];
    this.chat.value = chat;
  }

  upsert(participant: ParticipantView): void {
    const list = this.people.value;
    this.people.value = list.some((p) => p.id === participant.id)
      ? list.map((p) => (p.id === participant.id ? participant : p))
      : [...list, participant];
  }

  /** Changes this person's own entry at once, before the server confirms it. */
  patchSelf(change: Partial<ParticipantView>): void {
    const self = this.self.value;
    if (self) this.upsert({ ...self, ...change });
  }

  remove(id: string): void {
    this.people.value = this.people.value.filter((p) => p.id !== id);
  }

  addChat(message: ChatMessageView): void {
    if (!this.chat.value.some((m) => m.id === message.id)) this.chat.value = [...this.chat.value, message];
  }

  clear(): void {
    this.selfId.value = null;
    this.people.value = [];
    this.chat.value = [];
  }
}
