import type { FastifyRequest } from 'fastify';
import type { Db } from '../store/db.ts';
import type { User } from '../accounts/accounts.ts';
import { currentUser } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { membershipIn } from './members.ts';
import { requestOrganization, organizationBaseUrl } from './resolve.ts';
import type { Organization } from './orgs.ts';

/** Who administers an organization: its org admins, and for the operator's own, the operators too. */
async function administers(db: Db, user: User, org: Organization): Promise<boolean> {
  if (org.operator === 1 && user.role === 'admin') return true;
  return (await membershipIn(db, org.id, user.id))?.orgAdmin === true;
}

/**
 * The signed-in organization admin and the organization the request is for. Someone of another
 * organization is nobody here (401, as for a prefix or domain naming none); a plain member is
 * told the action is for the organization's admins (403).
 */
export async function requireOrgAdmin(db: Db, request: FastifyRequest): Promise<{ user: User; org: Organization }> {
  const user = await currentUser(db, request);
  if (!user) throw new HttpError('unauthenticated');
  // currentUser answered, so the request's organization exists.
  const org = (await requestOrganization(db, request.raw))!;
  if (!(await administers(db, user, org))) throw new HttpError('forbidden', ["only this organization's administrators may do this"]);
  return { user, org };
}

/** Whether the person administers the request's organization, for the page's menu. */
export async function administersRequest(db: Db, request: FastifyRequest, user: User): Promise<boolean> {
  const org = await requestOrganization(db, request.raw);
  return org !== undefined && (await administers(db, user, org));
}

/** Every organization the person administers, with where its pages are. */
export async function administeredOrganizations(db: Db, user: User, publicUrl: string): Promise<{ slug: string; name: string; url: string }[]> {
  const rows = await db
    .selectFrom('organizations')
    .leftJoin('organization_members', (join) =>
      join.onRef('organization_members.organization_id', '=', 'organizations.id').on('organization_members.user_id', '=', user.id),
    )
    .selectAll('organizations')
    .select('organization_members.org_admin')
    .where((eb) => eb.or([eb('organization_members.org_admin', '=', 1), ...(user.role === 'admin' ? [eb('organizations.operator', '=', 1)] : [])]))
    .orderBy('organizations.slug')
    .execute();
  return rows.map(({ org_admin: _admin, ...org }) => ({ slug: org.slug, name: org.name, url: organizationBaseUrl(publicUrl, org) }));
}
