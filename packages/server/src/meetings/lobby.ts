import type { LobbyEntryView, MeetingRole } from '@moot/protocol';
import { randomId } from '../ids.ts';
import type { Peer } from './participant.ts';
import type { JoinMessage } from './meetings.ts';

/** Someone who may enter once a moderator admits them. */
export interface LobbyEntry {
  id: string;
  name: string;
  role: MeetingRole;
  userId: string | undefined;
  guestKey: string;
  peer: Peer;
  request: JoinMessage;
  since: string;
}

/** The people waiting at one meeting's door, in arrival order. */
export class Lobby {
  private entries = new Map<string, LobbyEntry>();

  add(entry: Omit<LobbyEntry, 'id' | 'since'>): LobbyEntry {
    const full = { ...entry, id: randomId(), since: new Date().toISOString() };
    this.entries.set(full.id, full);
    return full;
  }

  take(id: string): LobbyEntry | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry;
  }

  /** A waiting person's connection closed: they are no longer at the door. */
  dropPeer(peer: Peer): boolean {
    for (const [id, e] of this.entries) {
      if (e.peer === peer) {
        this.entries.delete(id);
        return true;
      }
    }
    return false;
  }

  all(): LobbyEntry[] {
    return [...this.entries.values()];
  }

  views(): LobbyEntryView[] {
    return this.all().map((e) => ({ id: e.id, name: e.name, guest: e.role === 'guest', since: e.since }));
  }
}
