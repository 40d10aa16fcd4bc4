import type { Db } from '../store/db.ts';
import { createUser, listUsers, type User } from '../accounts/accounts.ts';
import { reactivateUser, suspendUser } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import { removeMember } from '../orgs/members.ts';
import type { Organization } from '../orgs/orgs.ts';
import type { OnProgress } from '../backup/progress.ts';
import type { DirectoryPerson, DirectorySnapshot } from './directory.ts';

export type OrgChangeAction = 'create' | 'link' | 'update' | 'leave' | 'suspend' | 'reactivate' | 'grant-admin' | 'revoke-admin' | 'skip';

/** One change an organization's sync makes (or, in a dry run, would make). */
export interface OrgSyncChange {
  action: OrgChangeAction;
  email: string;
  uid: string;
  detail: string;
  name?: string;
  dn?: string;
  /** For creations: whether the new member administers the organization. */
  orgAdmin?: boolean;
  /** For updates: the account's new name or mail. */
  set?: Partial<Pick<User, 'email' | 'name'>>;
  userId?: string;
}

export interface OrgSyncPlan {
  source: string;
  organization: string;
  changes: OrgSyncChange[];
  summary: Record<OrgChangeAction, number>;
}

interface Member {
  user: User;
  ldapUid: string | null;
  ldapDn: string | null;
  orgAdmin: boolean;
  /** How many organizations the account belongs to, this one included. */
  organizations: number;
}

async function membersOf(db: Db, organizationId: string, users: Map<string, User>): Promise<Member[]> {
  const rows = await db
    .selectFrom('organization_members as m')
    .select(['m.user_id', 'm.ldap_uid', 'm.ldap_dn', 'm.org_admin'])
    .select((eb) => eb.selectFrom('organization_members as o').whereRef('o.user_id', '=', 'm.user_id').select((e) => e.fn.countAll<number>().as('n')).as('organizations'))
    .where('m.organization_id', '=', organizationId)
    .execute();
  return rows.map((r) => ({ user: users.get(r.user_id)!, ldapUid: r.ldap_uid, ldapDn: r.ldap_dn, orgAdmin: r.org_admin === 1, organizations: Number(r.organizations) }));
}

/**
 * What a sync with an organization's own directory changes, in that organization only. People
 * the filter selects become its members: found by their uid in this organization's directory
 * (the uid is the membership's, so two organizations' directories may share one), else linked
 * by mail to an account that is its member and nobody else's, else given a new account. An
 * account of another organization with that mail, also a shared one, is never taken over: the
 * change is a skip that says so.
 * Who leaves the filter, or is locked or expired, leaves the organization; an account left in no
 * other organization is suspended instead (its membership stays, so it comes back with its uid).
 * Name and mail follow the directory only for accounts that belong to this organization alone.
 * With an admin group, the group decides who administers the organization, never the server.
 */
export async function planOrgSync(db: Db, org: Organization, snapshot: DirectorySnapshot): Promise<OrgSyncPlan> {
  const users = await listUsers(db);
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const members = await membersOf(db, org.id, new Map(users.map((u) => [u.id, u])));
  const byUid = new Map(members.filter((m) => m.ldapUid).map((m) => [m.ldapUid!, m]));
  const byUser = new Map(members.map((m) => [m.user.id, m]));
  const changes: OrgSyncChange[] = [];
  const seen = new Set<string>();

  for (const person of snapshot.people) {
    if (seen.has(person.uid)) continue;
    seen.add(person.uid);
    const base = { uid: person.uid, name: person.name, dn: person.dn };
    const blocked = person.locked ? 'locked in the directory' : person.expired ? 'expired in the directory' : undefined;
    const holder = byEmail.get(person.email);
    const member = byUid.get(person.uid);
    if (!member) {
      if (blocked) continue;
      const membership = holder && byUser.get(holder.id);
      const change = newcomer(person, holder, membership, snapshot.adminGroupConfigured);
      changes.push({ ...base, ...change });
      if (change.action === 'link') {
        const linked = { ...membership!, ldapDn: person.dn };
        changes.push(...followDirectory(linked, person, byEmail).map((c) => ({ ...base, email: holder!.email, userId: holder!.id, ...c })));
      }
      continue;
    }
    const { user } = member;
    const who = { ...base, email: user.email, userId: user.id };
    if (blocked) {
      if (user.status === 'active') changes.push(departure(member, who, blocked));
      continue;
    }
    changes.push(...followDirectory(member, person, byEmail).map((c) => ({ ...who, ...c })));
    if (user.status === 'suspended' && user.suspended_by === 'ldap' && member.organizations === 1) {
      changes.push({ ...who, action: 'reactivate', detail: 'back in the directory' });
    }
    if (snapshot.adminGroupConfigured && person.admin !== member.orgAdmin) {
      changes.push({ ...who, action: person.admin ? 'grant-admin' : 'revoke-admin', detail: person.admin ? 'in the admin group' : 'not in the admin group' });
    }
  }

  for (const member of members) {
    if (member.ldapUid && !seen.has(member.ldapUid) && member.user.status === 'active') {
      changes.push(departure(member, { email: member.user.email, uid: member.ldapUid, userId: member.user.id }, 'no longer selected by the filter'));
    }
  }

  const summary: Record<OrgChangeAction, number> = { create: 0, link: 0, update: 0, leave: 0, suspend: 0, reactivate: 0, 'grant-admin': 0, 'revoke-admin': 0, skip: 0 };
  for (const change of changes) summary[change.action]++;
  return { source: snapshot.source, organization: org.slug, changes, summary };
}

/** Someone the filter selects who has no membership with this uid yet. */
function newcomer(person: DirectoryPerson, holder: User | undefined, membership: Member | undefined, adminGroup: boolean): Omit<OrgSyncChange, 'uid'> {
  const email = person.email;
  if (!holder) {
    const orgAdmin = adminGroup && person.admin;
    return { action: 'create', email, orgAdmin, detail: orgAdmin ? 'organization admin' : 'member' };
  }
  if (!membership) return { action: 'skip', email, userId: holder.id, detail: 'mail belongs to an account of another organization: it is not taken over' };
  // As for an organization's identity provider: its directory would then sign the person in, and
  // the session would open their other organizations too.
  if (membership.organizations > 1 || holder.role === 'admin') {
    return { action: 'skip', email, userId: holder.id, detail: 'mail belongs to an account that is in other organizations too: it is not taken over' };
  }
  if (membership.ldapUid) return { action: 'skip', email, userId: holder.id, detail: `mail already belongs to the member of uid ${membership.ldapUid}` };
  return { action: 'link', email, userId: holder.id, detail: 'existing member linked by mail' };
}

/** Leaving the directory: out of the organization, or, with no other organization to stay in, suspended. */
function departure(member: Member, who: { email: string; uid: string; userId: string }, reason: string): OrgSyncChange {
  if (member.organizations > 1) return { ...who, action: 'leave', detail: `${reason}; stays in its other organizations` };
  return { ...who, action: 'suspend', detail: reason };
}

/** The DN (how a password sign-in binds), and name and mail of an account this organization alone has, as the directory has them now. */
function followDirectory(member: Member, person: DirectoryPerson, byEmail: Map<string, User>): Pick<OrgSyncChange, 'action' | 'detail' | 'set'>[] {
  const { user } = member;
  const out: Pick<OrgSyncChange, 'action' | 'detail' | 'set'>[] = [];
  const set: NonNullable<OrgSyncChange['set']> = {};
  if (member.organizations === 1) {
    if (user.name !== person.name) set.name = person.name;
    if (user.email !== person.email) {
      const holder = byEmail.get(person.email);
      if (holder && holder.id !== user.id) out.push({ action: 'skip', detail: `new mail ${person.email} already belongs to another account` });
      else set.email = person.email;
    }
  }
  const fields = Object.keys(set) as (keyof typeof set)[];
  const moved = member.ldapDn !== person.dn ? [`dn: ${member.ldapDn ?? ''} -> ${person.dn}`] : [];
  const detail = [...fields.map((f) => `${f}: ${user[f]} -> ${set[f]}`), ...moved].join('; ');
  if (detail) out.unshift({ action: 'update', ...(fields.length ? { set } : {}), detail });
  return out;
}

async function setMembership(db: Db, organizationId: string, userId: string, values: { ldap_uid?: string; ldap_dn?: string; org_admin?: number }): Promise<void> {
  await db.updateTable('organization_members').set(values).where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

/** Carries out a plan in `org`; every change, and the sync itself, goes into the organization's audit log. Returns the accounts it made. */
export async function applyOrgSync(db: Db, org: Organization, plan: OrgSyncPlan, who: { actor: string; origin: string }, onProgress: OnProgress = () => undefined): Promise<User[]> {
  const created: User[] = [];
  const record = { ...who, organizationId: org.id };
  for (const [index, change] of plan.changes.entries()) {
    onProgress(index, plan.changes.length);
    const id = change.userId!;
    switch (change.action) {
      case 'create': {
        const user = await createUser(db, { email: change.email, name: change.name ?? change.uid, role: 'member', organizationId: org.id, orgAdmin: change.orgAdmin });
        await setMembership(db, org.id, user.id, { ldap_uid: change.uid, ldap_dn: change.dn! });
        created.push(user);
        break;
      }
      case 'link':
        await setMembership(db, org.id, id, { ldap_uid: change.uid, ldap_dn: change.dn! });
        break;
      case 'update':
        if (change.set) await db.updateTable('users').set(change.set).where('id', '=', id).execute();
        await setMembership(db, org.id, id, { ldap_dn: change.dn! });
        break;
      case 'leave':
        // Sessions need no ending: every request checks the membership of the address's organization.
        await removeMember(db, org.id, id);
        break;
      case 'suspend':
        await suspendUser(db, id, 'ldap');
        break;
      case 'reactivate':
        await reactivateUser(db, id);
        break;
      case 'grant-admin':
      case 'revoke-admin':
        await setMembership(db, org.id, id, { org_admin: change.action === 'grant-admin' ? 1 : 0 });
        break;
      case 'skip':
        continue;
    }
    await audit(db, { ...record, action: `ldap.${change.action}`, target: change.email, details: { uid: change.uid, detail: change.detail } });
  }
  onProgress(plan.changes.length, plan.changes.length);
  await audit(db, { ...record, action: 'ldap.sync', target: plan.source, details: plan.summary });
  return created;
}
