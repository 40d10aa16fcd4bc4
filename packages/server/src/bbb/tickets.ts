import type { MeetingRole } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { hashSecret, randomSecret } from '../ids.ts';
import { bbbDb } from './store.ts';

/**
 * A join URL's ticket: who enters which room, as what. It is 256 random bits shown once (in
 * the URL's fragment, so it stays out of server and proxy logs), stored as a hash, expires
 * after a while and is deleted when used: a copied or replayed URL opens nothing.
 */
export const TICKET_LIFETIME_MS = 10 * 60_000;

export interface Ticket {
  roomId: string;
  name: string;
  role: MeetingRole;
  userId: string | null;
  muted: boolean;
}

export async function issueTicket(db: Db, ticket: Ticket, now = Date.now()): Promise<string> {
  const token = randomSecret();
  await bbbDb(db)
    .insertInto('bbb_join_tickets')
    .values({
      token_hash: hashSecret(token),
      room_id: ticket.roomId,
      name: ticket.name,
      role: ticket.role,
      user_id: ticket.userId,
      muted: ticket.muted ? 1 : 0,
      expires_at: new Date(now + TICKET_LIFETIME_MS).toISOString(),
    })
    .execute();
  await bbbDb(db).deleteFrom('bbb_join_tickets').where('expires_at', '<', new Date(now).toISOString()).execute();
  return token;
}

/** The ticket's entry into `roomId`, used up; undefined when unknown, expired, already used or for another room. */
export async function redeemTicket(db: Db, token: string, roomId: string): Promise<Ticket | undefined> {
  const row = await bbbDb(db)
    .deleteFrom('bbb_join_tickets')
    .where('token_hash', '=', hashSecret(token))
    .where('room_id', '=', roomId)
    .where('expires_at', '>', new Date().toISOString())
    .returningAll()
    .executeTakeFirst();
  return row && { roomId: row.room_id, name: row.name, role: row.role, userId: row.user_id, muted: row.muted === 1 };
}
