import type { ServerRole, UserView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import type { UsersTable } from '../store/schema.ts';
import { randomId } from '../ids.ts';
import { hashPassword } from './passwords.ts';
import { addMember } from '../orgs/members.ts';
import { operatorOrganization } from '../orgs/orgs.ts';

export type User = UsersTable;

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`An account with the email ${email} already exists`);
  }
}

export function userView(user: User): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: ServerRole; password?: string; ldapUid?: string; ldapDn?: string; organizationId?: string; orgAdmin?: boolean },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (await findUserByEmail(db, email)) throw new EmailTakenError(email);
  const now = new Date().toISOString();
  const user: User = {
    id: randomId(),
    email,
    name: input.name.trim(),
    role: input.role,
    password_hash: input.password ? await hashPassword(input.password) : null,
    status: 'active',
    created_at: now,
    last_login_at: null,
    password_changed_at: input.password ? now : null,
    ldap_uid: input.ldapUid ?? null,
    ldap_dn: input.ldapDn ?? null,
    suspended_by: null,
    suspended_at: null,
  };
  await db.insertInto('users').values(user).execute();
  // Every account belongs to an organization: the operator's own unless another is named.
  await addMember(db, input.organizationId ?? (await operatorOrganization(db)).id, user.id, input.orgAdmin);
  return user;
}

export function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Db): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordSignIn(db: Db, id: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: new Date().toISOString() }).where('id', '=', id).execute();
}
