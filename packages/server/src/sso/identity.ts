import type { ServerRole } from '@moot/protocol';
import { createUser, findUserByEmail, findUserById, type User } from '../accounts/accounts.ts';
import { setRole } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../store/db.ts';
import { SsoError } from './errors.ts';
import type { SsoProvider } from './providers.ts';

/** What a provider said about the person who signed in there. */
export interface ProviderPerson {
  provider: SsoProvider;
  /** OpenID issuer or SAML IdP entity id, as the verified answer names it. */
  issuer: string;
  subject: string;
  email?: string;
  /** The provider vouches that the address is the person's: only then may it link an existing account. */
  emailVerified: boolean;
  name?: string;
  groups: string[];
}

export async function linkedAccount(db: Db, issuer: string, subject: string): Promise<User | undefined> {
  const link = await db.selectFrom('sso_identities').select('user_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  return link && findUserById(db, link.user_id);
}

function roleFor(person: ProviderPerson): ServerRole | undefined {
  const { adminGroup } = person.provider;
  if (!adminGroup) return undefined;
  return person.groups.includes(adminGroup) ? 'admin' : 'member';
}

/**
 * The moot account of the person: the one linked to their issuer and subject; else an account
 * with their email when the provider vouches for it (linked now); else a new one. A name never
 * links. With an admin group configured, the role follows it at each sign-in.
 */
export async function accountFor(db: Db, person: ProviderPerson, origin: string): Promise<User> {
  const { issuer, subject, provider } = person;
  const now = new Date().toISOString();
  let user = await linkedAccount(db, issuer, subject);
  if (user) {
    await db.updateTable('sso_identities').set({ last_sign_in_at: now }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
  } else {
    if (!person.email) throw new SsoError('sso-no-email', `${provider.id}: no email for ${subject}`);
    const existing = await findUserByEmail(db, person.email);
    if (existing && !person.emailVerified) throw new SsoError('sso-email-taken', `${provider.id}: ${person.email} exists and is not verified by the provider`);
    user = existing ?? (await createUser(db, { email: person.email, name: person.name?.trim() || person.email, role: roleFor(person) ?? 'member' }));
    await db.insertInto('sso_identities').values({ issuer, subject, provider: provider.id, user_id: user.id, created_at: now, last_sign_in_at: now }).execute();
    await audit(db, { actor: user.email, action: existing ? 'sso.account-linked' : 'sso.account-created', target: user.email, origin, details: { provider: provider.id, issuer, subject } });
  }
  if (user.status !== 'active') throw new SsoError('sso-suspended', `${provider.id}: ${user.email} is suspended`);
  const role = roleFor(person);
  if (role && role !== user.role) {
    await setRole(db, user.id, role);
    await audit(db, { actor: `sso:${provider.id}`, action: 'sso.role', target: user.email, origin, details: { from: user.role, to: role, group: provider.adminGroup } });
    user = { ...user, role };
  }
  return user;
}
