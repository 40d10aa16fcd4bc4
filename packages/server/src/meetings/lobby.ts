import type { LobbyEntryView, MeetingRole } from '@moot/protocol';
import { randomId } from '../ids.ts';
import type { MemberLink } from './member.ts';

interface Waiting {
  name: string;
  role: MeetingRole;
  link: MemberLink;
}

/** The people waiting at one meeting's door, in arrival order. */
export class Lobby<T extends Waiting> {
  private entries = new Map<string, { id: string; since: string; who: T }>();

  add(who: T): string {
    const id = randomId();
    this.entries.set(id, { id, since: new Date().toISOString(), who });
    return id;
  }

  take(id: string): T | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry?.who;
  }

  /** A waiting person's connection closed: they are no longer at the door. */
  dropLink(link: MemberLink): boolean {
    for (const [id, e] of this.entries) {
      if (e.who.link === link) {
        this.entries.delete(id);
        return true;
      }
    }
    return false;
  }

  has(link: MemberLink): boolean {
    for (const e of this.entries.values()) if (e.who.link === link) return true;
    return false;
  }

  all(): T[] {
    return [...this.entries.values()].map((e) => e.who);
  }

  views(): LobbyEntryView[] {
    return [...this.entries.values()].map((e) => ({ id: e.id, name: e.who.name, guest: e.who.role === 'guest', since: e.since }));
  }
}
