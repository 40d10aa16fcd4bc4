import type { ParsedClientMessage } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { decideJoin, type Principal } from '../policy/policy.ts';
import { findRoom, roomAccess } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { getSettings } from '../settings/settings.ts';
import { findUserById } from '../accounts/accounts.ts';
import type { Arrival, Entered, Meetings } from './meetings.ts';

export type JoinRequest = Extract<ParsedClientMessage, { type: 'join' }>;

/**
 * The door of a room for a browser: reads the room, the person and the server's settings,
 * asks the policy, and hands those let in to the meetings.
 */
export class Admission {
  constructor(
    private db: Db,
    private meetings: Meetings,
  ) {}

  async join(principal: Principal, request: JoinRequest, guestKey: string, link: Pick<Arrival, 'link' | 'admitted'>): Promise<Entered> {
    const room = await findRoom(this.db, request.room);
    if (!room) return { ok: false, code: 'room-not-found' };
    const settings = await getSettings(this.db);
    // Read at each join: a change to the room's moderators applies from the next entry on.
    const decision = decideJoin(principal, roomAccess(room, await moderatorIds(this.db, room.id)), settings.guests, request.accessCode);
    if (!decision.ok) return { ok: false, code: decision.code };
    const user = principal.kind === 'user' ? await findUserById(this.db, principal.id) : undefined;
    const name = user?.name ?? request.name;
    if (!name) return { ok: false, code: 'invalid-message', details: ['name: guests must give a name'] };
    return this.meetings.admit(room, {
      name,
      role: decision.role,
      userId: user?.id,
      guestKey,
      kind: 'browser',
      audioMuted: request.audioMuted,
      videoMuted: request.videoMuted,
      ...link,
    });
  }
}
