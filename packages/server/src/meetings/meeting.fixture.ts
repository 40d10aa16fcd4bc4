import type { MeetingRole, ServerMessage } from '@moot/protocol';
import type { RoomWithOwner } from '../rooms/rooms.ts';
import type { Arrival } from './meetings.ts';

/** Pieces the meeting core's unit tests share: a room, a member's link that keeps what it was sent, an arrival. */

export function testRoom(overrides: Partial<RoomWithOwner> = {}): RoomWithOwner {
  return {
    id: 'room-1',
    owner_id: 'owner',
    owner_name: 'Olga Owner',
    name: 'Weekly',
    guests: 'link',
    access_code: null,
    max_participants: 10,
    lobby: 'off',
    join_muted_above: 50,
    join_as_audience: 0,
    dial_in_pin: '123456789',
    created_at: new Date(0).toISOString(),
    organization_id: 'org-1',
    ...overrides,
  };
}

/** A member's link that keeps every message it was sent. */
export class Inbox {
  messages: ServerMessage[] = [];
  send = (m: ServerMessage) => void this.messages.push(m);
  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
  last<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }> | undefined {
    return this.of(type).at(-1);
  }
}

/** Someone at the door of a test room: guests have no account, others are named after theirs. */
export function arrival(name: string, role: MeetingRole, extra: Partial<Arrival> = {}): Arrival & { link: Inbox } {
  return {
    name,
    role,
    userId: role === 'guest' ? undefined : name.toLowerCase(),
    guestKey: `key-${name}`,
    kind: 'browser',
    audioMuted: false,
    videoMuted: false,
    link: new Inbox(),
    ...extra,
  } as Arrival & { link: Inbox };
}
