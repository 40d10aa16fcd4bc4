import { sql } from 'kysely';
import type { AccessReportView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import type { Config } from '../config.ts';
import { listUsers, type User } from '../accounts/accounts.ts';
import type { DirectoryPerson, DirectorySnapshot } from '../ldap/directory.ts';
import { lookAlikeGroups } from './look-alike.ts';

/** The access audit: each finding kind is a list; `violations` says which break the policy. */
export type AccessReport = AccessReportView;

/** An organization's report: its members only, its org admins as the administrators, its rooms only. */
export interface AccessScope {
  organizationId: string;
  memberIds: Set<string>;
  adminIds: Set<string>;
}

const daysAgo = (days: number, now: Date) => new Date(now.getTime() - days * 86_400_000).toISOString();

export async function accessReport(
  db: Db,
  accounts: Config['accounts'],
  directory: DirectorySnapshot | undefined,
  now = new Date(),
  scope?: AccessScope,
): Promise<AccessReport> {
  const users = (await listUsers(db)).filter((u) => !scope || scope.memberIds.has(u.id));
  const isAdmin = (u: User) => (scope ? scope.adminIds.has(u.id) : u.role === 'admin');
  const active = users.filter((u) => u.status === 'active');
  const eligible = directory?.people.filter((p) => !p.locked && !p.expired) ?? [];
  const personOf = (u: User): DirectoryPerson | undefined =>
    eligible.find((p) => (u.ldap_uid ? p.uid === u.ldap_uid : p.email === u.email));

  const admins = active
    .filter(isAdmin)
    .map((u) => ({ email: u.email, name: u.name, inAdminGroup: directory?.adminGroupConfigured ? personOf(u)?.admin === true : null }));
  const lookAlikes = lookAlikeGroups(active, (u) => [u.name, u.email.split('@')[0]!]).map((group) => ({
    accounts: group.map((u) => ({ email: u.email, name: u.name })),
  }));
  const notInDirectory = directory ? active.filter((u) => !personOf(u)).map((u) => ({ email: u.email, name: u.name })) : [];
  const directoryWithoutAccount = eligible
    .filter((p) => !users.some((u) => u.ldap_uid === p.uid || u.email === p.email))
    .map((p) => ({ uid: p.uid, email: p.email, dn: p.dn }));
  const suspendedOwners = [];
  for (const u of users.filter((x) => x.status === 'suspended')) {
    const owned = await ownedBy(db, u.id, scope?.organizationId);
    if (owned.rooms > 0) suspendedOwners.push({ email: u.email, ...owned });
  }
  const unusedSince = daysAgo(accounts.unusedDays, now);
  const unused = active
    .filter((u) => (u.last_login_at ?? u.created_at) < unusedSince)
    .map((u) => ({ email: u.email, lastSignIn: u.last_login_at }));
  const staleSince = daysAgo(accounts.passwordMaxAgeDays, now);
  const stalePasswords = active
    .filter((u) => u.password_hash && (u.password_changed_at ?? u.created_at) < staleSince)
    .map((u) => ({ email: u.email, passwordChangedAt: u.password_changed_at }));

  const violations: string[] = [];
  if (admins.length > accounts.maxAdmins) violations.push(`${admins.length} administrators, more than the maximum of ${accounts.maxAdmins}`);
  for (const a of admins) if (a.inAdminGroup === false) violations.push(`administrator ${a.email} is not in the directory's admin group`);
  if (lookAlikes.length) violations.push(`${lookAlikes.length} group(s) of accounts with look-alike names`);
  if (notInDirectory.length) violations.push(`${notInDirectory.length} active account(s) not in the directory`);
  if (suspendedOwners.length) violations.push(`${suspendedOwners.length} suspended account(s) still own rooms`);

  return {
    generatedAt: now.toISOString(),
    directory: directory?.source ?? null,
    admins,
    lookAlikes,
    notInDirectory,
    directoryWithoutAccount,
    suspendedOwners,
    unused,
    stalePasswords,
    violations,
  };
}

/** Rooms an account owns (in one organization, when given) and the recordings kept in them (when recordings are installed). */
async function ownedBy(db: Db, userId: string, organizationId?: string): Promise<{ rooms: number; recordings: number }> {
  let owned = db.selectFrom('rooms').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', userId);
  if (organizationId) owned = owned.where('organization_id', '=', organizationId);
  const rooms = await owned.executeTakeFirstOrThrow();
  const tables = await db.introspection.getTables();
  let recordings = 0;
  if (tables.some((t) => t.name === 'recordings')) {
    const inOrganization = organizationId ? sql` and rooms.organization_id = ${organizationId}` : sql``;
    const { rows } = await sql<{ n: number }>`select count(*) as n from recordings join rooms on rooms.id = recordings.room_id where rooms.owner_id = ${userId}${inOrganization}`.execute(db);
    recordings = Number(rows[0]?.n ?? 0);
  }
  return { rooms: Number(rooms.n), recordings };
}
