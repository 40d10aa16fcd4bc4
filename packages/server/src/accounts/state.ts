import type { ServerRole } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { hashPassword } from './passwords.ts';
import { deleteUserSessions } from './sessions.ts';

/**
 * Changes of an account's standing. Each one that takes something away also ends the account's
 * sessions, so the change holds at once and not at the next cookie lookup.
 */

export async function suspendUser(db: Db, id: string, by: 'ldap' | 'admin'): Promise<void> {
  await db
    .updateTable('users')
    .set({ status: 'suspended', suspended_by: by, suspended_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
  await deleteUserSessions(db, id);
}

export async function reactivateUser(db: Db, id: string): Promise<void> {
  await db.updateTable('users').set({ status: 'active', suspended_by: null, suspended_at: null }).where('id', '=', id).execute();
}

export async function setRole(db: Db, id: string, role: ServerRole): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', id).execute();
  if (role === 'member') await deleteUserSessions(db, id);
}

/** A new password ends every session: whoever knew the old one is signed out everywhere. */
export async function setPassword(db: Db, id: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.updateTable('users').set({ password_hash: hash, password_changed_at: new Date().toISOString() }).where('id', '=', id).execute();
  await deleteUserSessions(db, id);
}
