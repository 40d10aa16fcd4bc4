import type { Db } from '../store/db.ts';
import { hashSecret, randomSecret } from '../ids.ts';
import type { User } from './accounts.ts';

export const SESSION_COOKIE = 'moot_session';
export const SESSION_DAYS = 14;

/** Creates a session and returns the token for the cookie; only its hash is stored. */
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
    })
    .execute();
  return token;
}

/** The active account behind a cookie token, or undefined (expired, unknown, suspended). */
export async function userForSession(db: Db, token: string | undefined): Promise<User | undefined> {
  if (!token) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.expires_at')
    .where('sessions.id', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.expires_at < new Date().toISOString() || row.status !== 'active') return undefined;
  const { expires_at: _expires, ...user } = row;
  return user;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
}
