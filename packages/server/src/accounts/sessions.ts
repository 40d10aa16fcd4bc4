import { EventEmitter } from 'node:events';
import type { Db } from '../store/db.ts';
import { hashSecret, randomSecret } from '../ids.ts';
import type { User } from './accounts.ts';
import { inBatches } from '../store/batches.ts';

export const SESSION_COOKIE = 'moot_session';
export const SESSION_DAYS = 14;

/**
 * Creates a session and returns the token for the cookie; only its hash is stored. Every way to
 * open one (sign-in, setup, reset) has just checked a password, so it starts confirmed.
 */
export async function createSession(db: Db, userId: string): Promise<string> {
  const token = randomSecret();
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      id: hashSecret(token),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + SESSION_DAYS * 86_400_000).toISOString(),
      confirmed_at: new Date(now).toISOString(),
    })
    .execute();
  return token;
}

/** The active account behind a cookie token, or undefined (expired, unknown, suspended). */
export async function userForSession(db: Db, token: string | undefined): Promise<User | undefined> {
  if (!token) return undefined;
  return (await usersForSessions(db, [token])).get(token);
}

/** The active account behind each cookie token (absent: expired, unknown, suspended), in few queries. */
export async function usersForSessions(db: Db, tokens: string[]): Promise<Map<string, User>> {
  const found = new Map<string, User>();
  const now = new Date().toISOString();
  for (const batch of inBatches(tokens)) {
    const tokenOf = new Map(batch.map((token) => [hashSecret(token), token]));
    const rows = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.expires_at'])
      .where('sessions.id', 'in', [...tokenOf.keys()])
      .execute();
    for (const { session_id, expires_at, ...user } of rows) {
      if (expires_at >= now && user.status === 'active') found.set(tokenOf.get(session_id)!, user);
    }
  }
  return found;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
}

/** Tells this process at once that an account's sessions ended, so open sockets follow. */
export const sessionChanges = new EventEmitter<{ changed: [userId: string] }>();

/** "Sign out everywhere", and what suspension and a new password do. */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  sessionChanges.emit('changed', userId);
}

/** Records that the person just typed their password again in this session. */
export async function confirmSession(db: Db, token: string): Promise<void> {
  await db.updateTable('sessions').set({ confirmed_at: new Date().toISOString() }).where('id', '=', hashSecret(token)).execute();
}

/** True when the session's password was typed within the last `minutes`. */
export async function recentlyConfirmed(db: Db, token: string | undefined, minutes: number): Promise<boolean> {
  if (!token) return false;
  const row = await db.selectFrom('sessions').select('confirmed_at').where('id', '=', hashSecret(token)).executeTakeFirst();
  return Boolean(row?.confirmed_at && Date.parse(row.confirmed_at) > Date.now() - minutes * 60_000);
}
