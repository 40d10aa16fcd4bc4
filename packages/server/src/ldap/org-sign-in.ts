import type { Config } from '../config.ts';
import type { Organization } from '../orgs/orgs.ts';
import { directoryAccess, organizationDirectories } from '../orgs/ldap.ts';
import type { Db } from '../store/db.ts';
import { checkDirectoryPassword } from './client.ts';

/**
 * A password typed at an organization whose own directory signs its people in: true or false
 * from a bind as the person's DN in that directory. Undefined when that directory does not
 * decide (the operator's organization, no directory, password sign-in off, or a member the
 * directory does not know), so the other checks apply.
 */
export async function organizationDirectoryPassword(db: Db, config: Config, org: Organization, userId: string, password: string): Promise<boolean | undefined> {
  if (org.operator === 1) return undefined;
  const membership = await db
    .selectFrom('organization_members')
    .select('ldap_dn')
    .where('organization_id', '=', org.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!membership?.ldap_dn) return undefined;
  const { directories, guard } = organizationDirectories(db, config);
  const directory = await directories.get(org.id);
  if (!directory?.settings.passwordSignIn) return undefined;
  return checkDirectoryPassword(directoryAccess(directory, guard), membership.ldap_dn, password);
}
