import type { Config } from '../config.ts';
import { checkDirectoryPassword } from '../ldap/client.ts';
import type { User } from './accounts.ts';
import { verifyPassword } from './passwords.ts';

/**
 * Checks a typed password: against the directory (a bind as the person) when LDAP sign-in is on
 * and the account came from the directory, else against the local hash. Unknown accounts cost a
 * hash too, so timing does not tell which addresses have accounts.
 */
export async function checkPassword(config: Config, user: User | undefined, password: string): Promise<boolean> {
  if (user?.ldap_dn && config.ldap.passwordSignIn && config.ldap.url) return checkDirectoryPassword(config.ldap, user.ldap_dn, password);
  return verifyPassword(user?.password_hash ?? null, password);
}
