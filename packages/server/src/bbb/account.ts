import type { Db } from '../store/db.ts';
import { createUser, findUserByEmail } from '../accounts/accounts.ts';

/**
 * The account that owns the rooms the API creates. It has no password, so nobody signs in as
 * it: the API's meetings belong to the integration, and a person's moot account gets no right
 * over them (nor over their recordings) by being an administrator.
 */
export const SERVICE_ACCOUNT_EMAIL = 'bigbluebutton-api@moot.invalid';
const SERVICE_ACCOUNT_NAME = 'BigBlueButton API';

export async function serviceAccountId(db: Db): Promise<string> {
  const existing = await findUserByEmail(db, SERVICE_ACCOUNT_EMAIL);
  if (existing) return existing.id;
  return (await createUser(db, { email: SERVICE_ACCOUNT_EMAIL, name: SERVICE_ACCOUNT_NAME, role: 'member' })).id;
}
