import type { ParsedClientMessage } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { audit } from '../audit/audit.ts';
import { decideJoin, type Principal } from '../policy/policy.ts';
import { findRoom, roomAccess, type RoomWithOwner } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { getSettings } from '../settings/settings.ts';
import { findUserById } from '../accounts/accounts.ts';
import type { Arrival, Entered, Meetings } from './meetings.ts';
import { CodeAttempts } from './code-attempts.ts';
import { redeemTicket } from '../bbb/tickets.ts';
import { joinRefusal } from '../orgs/quotas.ts';

export type JoinRequest = Extract<ParsedClientMessage, { type: 'join' }>;

/** Who knocks: their account or none, their browser's guest key, and the address they come from. */
export interface Knock {
  principal: Principal;
  guestKey: string;
  address: string;
  /** The organization the socket was opened for (orgs/resolve.ts); its rooms are the only ones it finds. */
  organizationId?: string;
}

/** A browser over WebRTC, or one that only listens: it never sends sound or picture. */
function how(request: JoinRequest, mutedByTicket = false): Pick<Arrival, 'kind' | 'audioMuted' | 'videoMuted'> {
  if (request.listenOnly) return { kind: 'listener', audioMuted: true, videoMuted: true };
  return { kind: 'browser', audioMuted: request.audioMuted || mutedByTicket, videoMuted: request.videoMuted };
}

/**
 * The door of a room for a browser: reads the room, the person and the server's settings,
 * asks the policy, and hands those let in to the meetings. Wrong access codes slow down the
 * address that sends them and, past a point, the room's code for everyone.
 */
export class Admission {
  constructor(
    private db: Db,
    private meetings: Meetings,
    /** Shared by every server process when they share a store. */
    private codes = new CodeAttempts(),
  ) {}

  async join(knock: Knock, request: JoinRequest, link: Pick<Arrival, 'link' | 'admitted'>): Promise<Entered> {
    const { principal } = knock;
    const found = await findRoom(this.db, request.room);
    // Another organization's room is answered like one that does not exist.
    const room = found?.organization_id === knock.organizationId ? found : undefined;
    if (!room) return { ok: false, code: 'room-not-found' };
    if (request.ticket !== undefined) return this.joinWithTicket(knock, request, link, room, request.ticket);
    const triesCode = principal.kind === 'anonymous' && room.guests === 'code' && request.accessCode !== undefined;
    if (triesCode) {
      const check = await this.codes.check(knock.address, room.id);
      if (!check.ok) return { ok: false, code: 'too-many-code-attempts', details: [`try again in ${check.retryAfterSeconds} s`] };
    }
    const settings = await getSettings(this.db, room.organization_id);
    // Read at each join: a change to the room's moderators applies from the next entry on.
    const standing = await moderatorIds(this.db, room.id);
    const decision = decideJoin(principal, roomAccess(room, standing), settings.guests, request.accessCode);
    if (!decision.ok) {
      if (decision.code === 'wrong-access-code') await this.wrongCode(knock, room.id);
      return { ok: false, code: decision.code };
    }
    if (triesCode) await this.codes.succeeded(knock.address);
    const user = principal.kind === 'user' ? await findUserById(this.db, principal.id) : undefined;
    const name = user?.name ?? request.name;
    if (!name) return { ok: false, code: 'invalid-message', details: ['name: guests must give a name'] };
    return this.admit(room, {
      name,
      role: decision.role,
      userId: user?.id,
      guestKey: knock.guestKey,
      ...how(request),
      ...link,
    }, standing);
  }

  /**
   * A BigBlueButton API join URL: the API secret authorized it, so the ticket decides the name
   * and role, not the room's guest rules or the server's guest switch (off by default).
   */
  private async joinWithTicket(knock: Knock, request: JoinRequest, link: Pick<Arrival, 'link' | 'admitted'>, room: RoomWithOwner, token: string): Promise<Entered> {
    if (room.owner_status === 'suspended') return { ok: false, code: 'owner-suspended' };
    const ticket = await redeemTicket(this.db, token, room.id);
    if (!ticket) return { ok: false, code: 'invalid-join-ticket' };
    const standing = await moderatorIds(this.db, room.id);
    return this.admit(room, {
      name: ticket.name,
      role: ticket.role,
      userId: undefined,
      externalUserId: ticket.userId ?? undefined,
      guestKey: knock.guestKey,
      ...how(request, ticket.muted),
      ...link,
    }, standing);
  }

  /** The organization's suspension and participants quota come last: a refusal there tells nothing the room's own rules would not. */
  private async admit(room: RoomWithOwner, arrival: Arrival, standing: string[]): Promise<Entered> {
    const refusal = await joinRefusal(this.db, this.meetings, room.organization_id);
    return refusal ? { ok: false, code: refusal } : this.meetings.admit(room, arrival, standing);
  }

  private async wrongCode(knock: Knock, roomId: string): Promise<void> {
    const { clientBlocked, roomBlocked } = await this.codes.failed(knock.address, roomId);
    if (clientBlocked || roomBlocked) {
      await audit(this.db, { actor: 'guest', action: 'room.access-code-guessing', target: roomId, origin: knock.address, details: { wholeRoom: roomBlocked } });
    }
  }
}
