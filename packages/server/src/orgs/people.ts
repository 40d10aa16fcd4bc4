import type { Db } from '../store/db.ts';
import type { User } from '../accounts/accounts.ts';

/** A member of an organization as its admins manage them. */
export interface OrganizationPerson {
  user: User;
  orgAdmin: boolean;
  /** Also a member of another organization (which this one's admins must not learn more of). */
  elsewhere: boolean;
}

async function people(db: Db, organizationId: string, userId?: string): Promise<OrganizationPerson[]> {
  let members = db
    .selectFrom('users')
    .innerJoin('organization_members', 'organization_members.user_id', 'users.id')
    .selectAll('users')
    .select('organization_members.org_admin')
    .where('organization_members.organization_id', '=', organizationId)
    .orderBy('users.email');
  if (userId) members = members.where('users.id', '=', userId);
  const rows = await members.execute();
  if (rows.length === 0) return [];
  const elsewhere = await db
    .selectFrom('organization_members')
    .select('user_id')
    .distinct()
    .where('organization_id', '<>', organizationId)
    .where('user_id', 'in', (eb) => eb.selectFrom('organization_members').select('user_id').where('organization_id', '=', organizationId))
    .execute();
  const shared = new Set(elsewhere.map((r) => r.user_id));
  return rows.map(({ org_admin, ...user }) => ({ user, orgAdmin: org_admin === 1, elsewhere: shared.has(user.id) }));
}

export function organizationPeople(db: Db, organizationId: string): Promise<OrganizationPerson[]> {
  return people(db, organizationId);
}

/** One member, or undefined for an account that is not (or does not exist): the same to the caller. */
export async function organizationPerson(db: Db, organizationId: string, userId: string): Promise<OrganizationPerson | undefined> {
  return (await people(db, organizationId, userId))[0];
}

/** How many rooms of the organization the account owns: such a member cannot simply leave. */
export async function roomsOwnedIn(db: Db, organizationId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('rooms')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('owner_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
