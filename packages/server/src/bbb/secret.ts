import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';

/**
 * The shared secret integrations sign their API calls with. There is one for the whole
 * installation today; everything that needs it asks `apiSecret` with the database, so a
 * per-organization secret only changes where this module looks.
 */
const SECRET_KEY = 'bbb.secret';

/** 40 hex characters, as BigBlueButton's own `bbb-conf --secret` prints: some integrations check the form. */
function newSecret(): string {
  return randomBytes(20).toString('hex');
}

async function store(db: Db, secret: string): Promise<void> {
  const value = JSON.stringify(secret);
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The secret, made on first use. */
export async function apiSecret(db: Db): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
  if (row) return JSON.parse(row.value) as string;
  const secret = newSecret();
  // Two first uses at once must agree: the first write wins, and both read it back.
  await db.insertInto('settings').values({ key: SECRET_KEY, value: JSON.stringify(secret) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return apiSecret(db);
}

/** A new secret; calls signed with the old one fail from now on. */
export async function rotateApiSecret(db: Db): Promise<string> {
  const secret = newSecret();
  await store(db, secret);
  return secret;
}
