import type { ServerRole } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { createUser, listUsers, type User } from '../accounts/accounts.ts';
import { reactivateUser, setRole, suspendUser } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import type { DirectoryPerson, DirectorySnapshot } from './directory.ts';
import type { OnProgress } from '../backup/progress.ts';

export type ChangeAction = 'create' | 'update' | 'suspend' | 'reactivate' | 'grant-admin' | 'revoke-admin' | 'skip';

/** One change a sync makes (or, in a dry run, would make). */
export interface SyncChange {
  action: ChangeAction;
  email: string;
  uid: string;
  /** Why: the fields that change, the reason for a suspension or a skip. */
  detail: string;
  name?: string;
  dn?: string;
  /** For creations: the role the account starts with. */
  role?: ServerRole;
  /** For updates: the new values. */
  set?: Partial<Pick<User, 'email' | 'name' | 'ldap_uid' | 'ldap_dn'>>;
  userId?: string;
}

export interface SyncPlan {
  source: string;
  changes: SyncChange[];
  summary: Record<ChangeAction, number>;
}

/**
 * What a sync must change so accounts follow the directory: people the filter selects get an
 * account (found by uid first, so a renamed mail still matches, then by email, which links an
 * existing local account), their name and mail follow; accounts of people who left the filter,
 * or whose entry is locked or expired, are suspended, never deleted. With an admin group
 * configured, the group decides who among directory accounts is an administrator.
 */
export async function planSync(db: Db, snapshot: DirectorySnapshot): Promise<SyncPlan> {
  const users = await listUsers(db);
  const byUid = new Map(users.filter((u) => u.ldap_uid).map((u) => [u.ldap_uid!, u]));
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const changes: SyncChange[] = [];
  const seen = new Set<string>();

  for (const person of snapshot.people) {
    if (seen.has(person.uid)) continue;
    seen.add(person.uid);
    const byMail = byEmail.get(person.email);
    const user = byUid.get(person.uid) ?? (byMail && !byMail.ldap_uid ? byMail : undefined);
    const base = { uid: person.uid, name: person.name, dn: person.dn };
    const blocked = person.locked ? 'locked in the directory' : person.expired ? 'expired in the directory' : undefined;
    if (!user) {
      if (blocked) continue;
      if (byMail) changes.push({ ...base, action: 'skip', email: person.email, detail: `mail already belongs to the account of uid ${byMail.ldap_uid}` });
      else {
        const role = person.admin ? 'admin' : 'member';
        changes.push({ ...base, action: 'create', email: person.email, role, detail: role });
      }
      continue;
    }
    const email = user.email;
    if (blocked) {
      if (user.status === 'active') changes.push({ ...base, action: 'suspend', email, userId: user.id, detail: blocked });
      continue;
    }
    const update = fieldChanges(user, person, byEmail);
    if (update.set) changes.push({ ...base, action: 'update', email, userId: user.id, detail: update.detail, set: update.set });
    if (update.conflict) changes.push({ ...base, action: 'skip', email, userId: user.id, detail: update.conflict });
    if (user.status === 'suspended' && user.suspended_by === 'ldap') {
      changes.push({ ...base, action: 'reactivate', email, userId: user.id, detail: 'back in the directory' });
    }
    if (snapshot.adminGroupConfigured && person.admin !== (user.role === 'admin')) {
      const action = person.admin ? 'grant-admin' : 'revoke-admin';
      changes.push({ ...base, action, email, userId: user.id, detail: person.admin ? 'in the admin group' : 'not in the admin group' });
    }
  }

  for (const user of users) {
    if (user.ldap_uid && !seen.has(user.ldap_uid) && user.status === 'active') {
      changes.push({ action: 'suspend', email: user.email, uid: user.ldap_uid, userId: user.id, detail: 'no longer selected by the filter' });
    }
  }

  const summary = { create: 0, update: 0, suspend: 0, reactivate: 0, 'grant-admin': 0, 'revoke-admin': 0, skip: 0 };
  for (const change of changes) summary[change.action]++;
  return { source: snapshot.source, changes, summary };
}

function fieldChanges(
  user: User,
  person: DirectoryPerson,
  byEmail: Map<string, User>,
): { set?: SyncChange['set']; detail: string; conflict?: string } {
  const set: NonNullable<SyncChange['set']> = {};
  let conflict: string | undefined;
  if (user.name !== person.name) set.name = person.name;
  if (user.email !== person.email) {
    const holder = byEmail.get(person.email);
    if (holder && holder.id !== user.id) conflict = `new mail ${person.email} already belongs to another account`;
    else set.email = person.email;
  }
  if (user.ldap_uid !== person.uid) set.ldap_uid = person.uid;
  if (user.ldap_dn !== person.dn) set.ldap_dn = person.dn;
  const fields = Object.keys(set);
  const detail = fields.map((f) => `${f}: ${String(user[f as keyof User] ?? '')} -> ${String(set[f as keyof typeof set])}`).join('; ');
  return { ...(fields.length ? { set } : {}), detail, ...(conflict ? { conflict } : {}) };
}

/** Carries out a plan; every change, and the sync itself, goes into the audit log. Returns the accounts it made. */
export async function applySync(db: Db, plan: SyncPlan, who: { actor: string; origin: string }, onProgress: OnProgress = () => undefined): Promise<User[]> {
  const created: User[] = [];
  for (const [index, change] of plan.changes.entries()) {
    onProgress(index, plan.changes.length);
    const id = change.userId;
    switch (change.action) {
      case 'create':
        created.push(await createUser(db, {
          email: change.email,
          name: change.name ?? change.uid,
          role: change.role ?? 'member',
          ldapUid: change.uid,
          ldapDn: change.dn,
        }));
        break;
      case 'update':
        await db.updateTable('users').set(change.set!).where('id', '=', id!).execute();
        break;
      case 'suspend':
        await suspendUser(db, id!, 'ldap');
        break;
      case 'reactivate':
        await reactivateUser(db, id!);
        break;
      case 'grant-admin':
      case 'revoke-admin':
        await setRole(db, id!, change.action === 'grant-admin' ? 'admin' : 'member');
        break;
      case 'skip':
        continue;
    }
    await audit(db, { ...who, action: `ldap.${change.action}`, target: change.email, details: { uid: change.uid, detail: change.detail } });
  }
  onProgress(plan.changes.length, plan.changes.length);
  await audit(db, { ...who, action: 'ldap.sync', target: plan.source, details: plan.summary });
  return created;
}
