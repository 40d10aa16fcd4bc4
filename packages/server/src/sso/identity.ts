import type { ServerRole } from '@moot/protocol';
import { createUser, findUserByEmail, findUserById, type User } from '../accounts/accounts.ts';
import { setRole } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import { addMember, membershipIn } from '../orgs/members.ts';
import type { Organization } from '../orgs/orgs.ts';
import type { Db } from '../store/db.ts';
import { SsoError } from './errors.ts';
import { providerScope, type SsoProvider } from './providers.ts';

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

/** Whether the admin group is configured, and if so whether the person is in it. */
function inAdminGroup(person: ProviderPerson): boolean | undefined {
  const { adminGroup } = person.provider;
  return adminGroup ? person.groups.includes(adminGroup) : undefined;
}

/**
 * An organization's provider vouches only for its own people: it may not take over an account
 * that belongs elsewhere (another organization, or the operators), else that organization's
 * admins, who set the provider, could sign in as anyone whose email they assert.
 */
async function onlyMemberOf(db: Db, user: User, org: Organization): Promise<boolean> {
  if (user.role === 'admin') return false;
  const orgs = await db.selectFrom('organization_members').select('organization_id').where('user_id', '=', user.id).execute();
  return orgs.every((m) => m.organization_id === org.id);
}

/** The link of an issuer and subject, if it was made through this organization's providers (the configuration's: none). */
async function linkIn(db: Db, person: ProviderPerson): Promise<{ user?: User; elsewhere: boolean }> {
  const link = await db.selectFrom('sso_identities').select(['user_id', 'organization_id']).where('issuer', '=', person.issuer).where('subject', '=', person.subject).executeTakeFirst();
  if (!link) return { elsewhere: false };
  if (link.organization_id !== (person.provider.organizationId ?? null)) return { elsewhere: true };
  return { user: await findUserById(db, link.user_id), elsewhere: false };
}

async function linkNew(db: Db, person: ProviderPerson, org: Organization, origin: string): Promise<User> {
  const { issuer, subject, provider } = person;
  const ownProvider = provider.organizationId !== undefined;
  if (!person.email) throw new SsoError('sso-no-email', `${provider.id}: no email for ${subject}`);
  const existing = await findUserByEmail(db, person.email);
  if (existing && !person.emailVerified) throw new SsoError('sso-email-taken', `${provider.id}: ${person.email} exists and is not verified by the provider`);
  if (existing && ownProvider && !(await onlyMemberOf(db, existing, org))) {
    throw new SsoError('sso-other-organization', `${provider.id}: ${person.email} belongs to another organization than ${org.slug}`);
  }
  const admin = inAdminGroup(person) === true;
  const user =
    existing ??
    (await createUser(db, {
      email: person.email,
      name: person.name?.trim() || person.email,
      role: !ownProvider && admin ? 'admin' : 'member',
      ...(ownProvider ? { organizationId: org.id, orgAdmin: admin } : {}),
    }));
  const now = new Date().toISOString();
  await db
    .insertInto('sso_identities')
    .values({ issuer, subject, provider: providerScope(provider), user_id: user.id, created_at: now, last_sign_in_at: now, organization_id: provider.organizationId ?? null })
    .execute();
  await audit(db, { actor: user.email, action: existing ? 'sso.account-linked' : 'sso.account-created', target: user.email, origin, organizationId: org.id, details: { provider: provider.id, issuer, subject, organization: org.slug } });
  return user;
}

/** The configuration's providers' admin group makes operators, as it always did. */
async function followServerRole(db: Db, person: ProviderPerson, user: User, origin: string): Promise<User> {
  const admin = inAdminGroup(person);
  const role: ServerRole | undefined = admin === undefined ? undefined : admin ? 'admin' : 'member';
  if (!role || role === user.role) return user;
  await setRole(db, user.id, role);
  await audit(db, { actor: `sso:${person.provider.id}`, action: 'sso.role', target: user.email, origin, details: { from: user.role, to: role, group: person.provider.adminGroup } });
  return { ...user, role };
}

/** An organization's provider signs its people in as its members, and its admin group makes them its admins (never operators). */
async function followMembership(db: Db, person: ProviderPerson, user: User, org: Organization, origin: string): Promise<void> {
  const was = await membershipIn(db, org.id, user.id);
  const admin = inAdminGroup(person) ?? was?.orgAdmin ?? false;
  if (was?.orgAdmin === admin) return;
  await addMember(db, org.id, user.id, admin);
  if (was || admin) {
    await audit(db, { actor: `sso:${person.provider.id}`, action: 'sso.org-admin', target: user.email, origin, organizationId: org.id, details: { organization: org.slug, orgAdmin: admin, group: person.provider.adminGroup } });
  }
}

/**
 * The moot account of the person: the one linked to their issuer and subject (through this
 * organization's providers); else an account with their email when the provider vouches for it
 * (linked now; for an organization's provider, only an account of that organization alone); else
 * a new one, in the provider's organization. A name never links. With an admin group set, the
 * role (configuration's providers) or the organization admin flag (an organization's) follows it
 * at each sign-in.
 */
export async function accountFor(db: Db, person: ProviderPerson, org: Organization, origin: string): Promise<User> {
  const { issuer, subject, provider } = person;
  const link = await linkIn(db, person);
  if (link.elsewhere) throw new SsoError('sso-other-organization', `${provider.id}: ${issuer} ${subject} was linked through another organization's provider`);
  let user = link.user;
  if (user) {
    await db.updateTable('sso_identities').set({ last_sign_in_at: new Date().toISOString() }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
  } else {
    user = await linkNew(db, person, org, origin);
  }
  if (user.status !== 'active') throw new SsoError('sso-suspended', `${provider.id}: ${user.email} is suspended`);
  if (provider.organizationId === undefined) return followServerRole(db, person, user, origin);
  await followMembership(db, person, user, org, origin);
  return user;
}
