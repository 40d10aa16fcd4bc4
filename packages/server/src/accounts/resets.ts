import type { Db } from '../store/db.ts';
import { hashSecret, randomSecret } from '../ids.ts';
import { findUserById, type User } from './accounts.ts';

/** Reset links: single-use, expiring, stored as a hash of the token the mail carries. */

export async function issueReset(db: Db, userId: string, minutes: number): Promise<string> {
  const token = randomSecret();
  const now = Date.now();
  await db
    .insertInto('password_resets')
    .values({
      id: hashSecret(token),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + minutes * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** Makes every open link of the account unusable: a new invitation replaces the ones before. */
export async function retireResets(db: Db, userId: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: new Date().toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Links issued to an account since `since`: the per-address limit counts these. */
export async function resetsSince(db: Db, userId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account a valid, unused link is for, or undefined (unknown, expired, used). */
export async function peekReset(db: Db, token: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .select('user_id')
    .where('id', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  const user = row && (await findUserById(db, row.user_id));
  return user?.status === 'active' ? user : undefined;
}

/**
 * Marks the link used and returns its account. The update is the check: of two concurrent uses
 * only one changes the row. Using one link retires the account's other open links too.
 */
export async function consumeReset(db: Db, token: string): Promise<User | undefined> {
  const user = await peekReset(db, token);
  if (!user) return undefined;
  const now = new Date().toISOString();
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
  return user;
}
