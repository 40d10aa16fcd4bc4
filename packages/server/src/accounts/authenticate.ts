import type { Config } from '../config.ts';
import { checkDirectoryPassword } from '../ldap/client.ts';
import { organizationDirectoryPassword } from '../ldap/org-sign-in.ts';
import type { Organization } from '../orgs/orgs.ts';
import type { Db } from '../store/db.ts';
import type { User } from './accounts.ts';
import { hashPassword, isLegacyHash, verifyPassword } from './passwords.ts';

/**
 * Checks a typed password: against the directory (a bind as the person) when LDAP sign-in is on
 * and the account came from the directory (at an organization with its own directory, that
 * organization's), else against the local hash. Unknown accounts cost a
 * hash too, so timing does not tell which addresses have accounts. A right password against an
 * imported bcrypt hash replaces it with argon2id, the only moment the password is at hand.
 */
export async function checkPassword(db: Db, config: Config, user: User | undefined, password: string, org?: Organization): Promise<boolean> {
  const byOrganization = user && org ? await organizationDirectoryPassword(db, config, org, user.id, password) : undefined;
  if (byOrganization !== undefined) return byOrganization;
  if (user?.ldap_dn && config.ldap.passwordSignIn && config.ldap.url) return checkDirectoryPassword(config.ldap, user.ldap_dn, password);
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (ok && user?.password_hash && isLegacyHash(user.password_hash)) {
    await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', user.id).execute();
  }
  return ok;
}
