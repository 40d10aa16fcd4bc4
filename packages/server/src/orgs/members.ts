import type { Db } from '../store/db.ts';

export interface Membership {
  organizationId: string;
  orgAdmin: boolean;
}

/** Adds the account to the organization, or changes whether it administers it. */
export async function addMember(db: Db, organizationId: string, userId: string, orgAdmin = false): Promise<void> {
  await db
    .insertInto('organization_members')
    .values({ organization_id: organizationId, user_id: userId, org_admin: Number(orgAdmin), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ org_admin: Number(orgAdmin) }))
    .execute();
}

export async function membershipIn(db: Db, organizationId: string, userId: string): Promise<Membership | undefined> {
  const row = await db
    .selectFrom('organization_members')
    .select(['organization_id', 'org_admin'])
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && { organizationId: row.organization_id, orgAdmin: row.org_admin === 1 };
}

/** Each account's organizations by slug, for lists that show them. */
export async function organizationsByUser(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('organization_members')
    .innerJoin('organizations', 'organizations.id', 'organization_members.organization_id')
    .select(['organization_members.user_id', 'organizations.slug'])
    .orderBy('organizations.slug')
    .execute();
  const out = new Map<string, string[]>();
  for (const { user_id, slug } of rows) out.set(user_id, [...(out.get(user_id) ?? []), slug]);
  return out;
}

/** The ids of an organization's members. */
export async function memberIds(db: Db, organizationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('organization_members').select('user_id').where('organization_id', '=', organizationId).execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function removeMember(db: Db, organizationId: string, userId: string): Promise<void> {
  await db.deleteFrom('organization_members').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}
