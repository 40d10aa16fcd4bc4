import type { ChatMessageView, ServerMessage } from '@moot/protocol';
import { randomId } from '../ids.ts';
import type { Participant } from './participant.ts';

/** Who is in a meeting and what they said: the part of a meeting everyone sees. */
export class Roster {
  readonly participants = new Map<string, Participant>();
  readonly chat: ChatMessageView[] = [];

  constructor(private chatHistory: number) {}

  get size(): number {
    return this.participants.size;
  }

  get(id: string): Participant | undefined {
    return this.participants.get(id);
  }

  all(): Participant[] {
    return [...this.participants.values()];
  }

  moderators(): Participant[] {
    return this.all().filter((p) => p.role === 'moderator');
  }

  add(participant: Participant): void {
    this.participants.set(participant.id, participant);
    this.broadcast({ type: 'participantJoined', participant: participant.toView() }, participant.id);
  }

  remove(participant: Participant): boolean {
    if (!this.participants.delete(participant.id)) return false;
    this.broadcast({ type: 'participantLeft', id: participant.id });
    return true;
  }

  /** Empties the roster without telling anyone (the meeting ended). */
  clear(): Participant[] {
    const everyone = this.all();
    this.participants.clear();
    return everyone;
  }

  /** Who is in the meeting, for the `joined` message: yourself first. */
  views(first: Participant) {
    return [first, ...this.all().filter((p) => p.id !== first.id)].map((p) => p.toView());
  }

  /** Tells everyone (but `exceptId`) the participant's new state. */
  changed(participant: Participant, exceptId?: string): void {
    this.broadcast({ type: 'participantUpdated', participant: participant.toView() }, exceptId);
  }

  post(from: Participant, text: string): ChatMessageView {
    const message: ChatMessageView = { id: randomId(), from: { id: from.id, name: from.name }, text, at: new Date().toISOString() };
    this.chat.push(message);
    if (this.chat.length > this.chatHistory) this.chat.shift();
    this.broadcast({ type: 'chat', message });
    return message;
  }

  broadcast(message: ServerMessage, exceptId?: string): void {
    for (const p of this.participants.values()) if (p.id !== exceptId) p.send(message);
  }
}
