import type { Db } from '../store/db.ts';
import { hashSecret, randomSecret } from '../ids.ts';
import { countAdmins, createUser, type User } from './accounts.ts';

const KEY = 'setup_token_hash';

/**
 * While the server has no administrator, each start makes a fresh one-time setup link; the
 * person who opens it first creates the administrator account. Returns undefined once an
 * administrator exists.
 */
export async function issueSetupToken(db: Db): Promise<string | undefined> {
  if ((await countAdmins(db)) > 0) return undefined;
  const token = randomSecret();
  await db
    .insertInto('settings')
    .values({ key: KEY, value: hashSecret(token) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: hashSecret(token) }))
    .execute();
  return token;
}

export async function needsSetup(db: Db): Promise<boolean> {
  return (await countAdmins(db)) === 0;
}

export type SetupResult = { ok: true; user: User } | { ok: false; reason: 'setup-done' | 'invalid-setup-token' };

export async function completeSetup(
  db: Db,
  input: { token: string; email: string; name: string; password: string },
): Promise<SetupResult> {
  if (!(await needsSetup(db))) return { ok: false, reason: 'setup-done' };
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row || row.value !== hashSecret(input.token)) return { ok: false, reason: 'invalid-setup-token' };
  await db.deleteFrom('settings').where('key', '=', KEY).execute();
  const user = await createUser(db, { email: input.email, name: input.name, role: 'admin', password: input.password });
  return { ok: true, user };
}
