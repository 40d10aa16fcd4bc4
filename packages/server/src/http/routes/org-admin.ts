import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AuditQuery,
  OrgBrandingBody,
  OrgLogoBody,
  OrgMemberBody,
  OrgMemberChangeBody,
  OrgMemberParams,
  OrgPoliciesBody,
  orgRoutes,
  type OrgMemberView,
  type OrgPoliciesView,
} from '@moot/protocol';
import type { Services } from '../../services.ts';
import { EmailTakenError, createUser, type User } from '../../accounts/accounts.ts';
import { invite } from '../../accounts/invitations.ts';
import { reactivateUser, suspendUser } from '../../accounts/state.ts';
import { createMailer } from '../../mail/mailer.ts';
import { mailLanguage } from '../../mail/templates.ts';
import { audit, readAudit } from '../../audit/audit.ts';
import { accessReport } from '../../audit/access-report.ts';
import { requireOrgAdmin } from '../../orgs/administration.ts';
import { logoTypeOf } from '../../orgs/logo.ts';
import { addMember, removeMember } from '../../orgs/members.ts';
import { findOrganizationById, updateOrganization, type Organization } from '../../orgs/orgs.ts';
import { brandingView } from '../../orgs/branding.ts';
import { organizationBaseUrl, requestOrganization } from '../../orgs/resolve.ts';
import { organizationPeople, organizationPerson, roomsOwnedIn, type OrganizationPerson } from '../../orgs/people.ts';
import { organizationLogo, organizationSettings, retentionRefusal, setAccentColor, setLogo, setOrganizationPolicies } from '../../orgs/settings.ts';
import { HttpError, parse } from '../errors.ts';
import { adminUserView } from './admin.ts';
import { requireRecentPassword } from './recent-password.ts';

/** A logo travels as base64 in JSON: a third larger than the file, and more than the default body limit. */
const LOGO_BODY_LIMIT = 256 * 1024;

/**
 * What an organization's admins do for their organization only: its members, its guest and
 * recording policy and retention, its branding, its audit log and access audit. The organization
 * is always the request's (orgs/resolve.ts); nothing here takes another's id.
 */
export function orgAdminRoutes(app: FastifyInstance, { db, config, log }: Services): void {
  const fresh = config.accounts.reauthMinutes;
  const mailer = createMailer(config.smtp, log.child({ part: 'mail' }));
  const invitations = { db, config, mailer, log: log.child({ part: 'invitations' }) };
  const directorySignIn = Boolean(config.ldap.passwordSignIn && config.ldap.url);
  const serverRetentionDays = config.recordings.maxAgeDays > 0 ? config.recordings.maxAgeDays : null;

  const view = (person: OrganizationPerson): OrgMemberView => ({ ...adminUserView(person.user, directorySignIn), orgAdmin: person.orgAdmin, elsewhere: person.elsewhere });

  /** Every change: an org admin, with the password typed in the last minutes, as for administrators. */
  async function adminWrite(request: FastifyRequest): Promise<{ user: User; org: Organization; who: { actor: string; origin: string; organizationId: string } }> {
    const { user, org } = await requireOrgAdmin(db, request);
    await requireRecentPassword(db, request, fresh);
    return { user, org, who: { actor: user.email, origin: request.ip, organizationId: org.id } };
  }

  /** A member of this organization by id; anyone else, existing or not, is the same 404. */
  async function member(request: FastifyRequest, org: Organization): Promise<OrganizationPerson> {
    const parsed = OrgMemberParams.safeParse(request.params);
    const person = parsed.success ? await organizationPerson(db, org.id, parsed.data.id) : undefined;
    if (!person) throw new HttpError('not-found');
    return person;
  }

  /** Org admins manage the people of their organization, never their own standing or an operator's. */
  function mayChange(admin: User, person: OrganizationPerson): void {
    if (person.user.id === admin.id) throw new HttpError('forbidden', ['not on your own account: another administrator of the organization has to do it']);
    if (person.user.role === 'admin') throw new HttpError('forbidden', ["an operator's account is changed by operators only"]);
  }

  async function policiesView(org: Organization): Promise<OrgPoliciesView> {
    const { guests, recordings, retentionDays } = await organizationSettings(db, org.id);
    return { guests, recordings, retentionDays, serverRetentionDays };
  }

  app.get(orgRoutes.members, async (request) => {
    const { org } = await requireOrgAdmin(db, request);
    return { members: (await organizationPeople(db, org.id)).map(view), mailConfigured: mailer.configured };
  });

  // A new account only: adding someone who has an account already (in another organization) is the operator's (`moot org add-member`).
  app.post(orgRoutes.members, async (request, reply) => {
    const { org, who } = await adminWrite(request);
    const body = parse(OrgMemberBody, request.body);
    let user: User;
    try {
      user = await createUser(db, { ...body, role: 'member', organizationId: org.id });
    } catch (err) {
      if (err instanceof EmailTakenError) throw new HttpError('email-taken', ['an existing account joins an organization only through the operator']);
      throw err;
    }
    const invitation = await invite(invitations, user, mailLanguage(request.headers['accept-language'], config.accounts.mailLanguage), organizationBaseUrl(config.http.publicUrl, org));
    await audit(db, { ...who, action: 'user.create', target: user.email, details: { role: 'member', mailed: invitation.mailed } });
    return reply.code(201).send({ member: view({ user, orgAdmin: false, elsewhere: false }), invitation });
  });

  app.patch(orgRoutes.member(':id'), async (request) => {
    const { user: admin, org, who } = await adminWrite(request);
    const person = await member(request, org);
    const body = parse(OrgMemberChangeBody, request.body);
    mayChange(admin, person);
    const target = person.user.email;
    if (body.status && body.status !== person.user.status) {
      // A suspension locks the account everywhere: another organization's people are not this one's to lock.
      if (person.elsewhere) throw new HttpError('forbidden', ['this account belongs to other organizations too: only the operator may suspend it']);
      if (body.status === 'suspended') await suspendUser(db, person.user.id, 'admin');
      else await reactivateUser(db, person.user.id);
      await audit(db, { ...who, target, action: body.status === 'suspended' ? 'account.suspend' : 'account.reactivate' });
    }
    if (body.orgAdmin !== undefined && body.orgAdmin !== person.orgAdmin) {
      await addMember(db, org.id, person.user.id, body.orgAdmin);
      await audit(db, { ...who, target, action: body.orgAdmin ? 'org.admin-grant' : 'org.admin-revoke' });
    }
    return { member: view((await organizationPerson(db, org.id, person.user.id))!) };
  });

  app.delete(orgRoutes.member(':id'), async (request, reply) => {
    const { user: admin, org, who } = await adminWrite(request);
    const person = await member(request, org);
    mayChange(admin, person);
    const rooms = await roomsOwnedIn(db, org.id, person.user.id);
    if (rooms > 0) throw new HttpError('member-owns-rooms', [`${rooms} room(s)`]);
    await removeMember(db, org.id, person.user.id);
    await audit(db, { ...who, action: 'org.member-remove', target: person.user.email });
    return reply.code(204).send();
  });

  app.get(orgRoutes.policies, async (request) => policiesView((await requireOrgAdmin(db, request)).org));

  app.put(orgRoutes.policies, async (request) => {
    const { org, who } = await adminWrite(request);
    const body = parse(OrgPoliciesBody, request.body);
    const refusal = retentionRefusal(body.retentionDays, config.recordings.maxAgeDays);
    if (refusal) throw new HttpError('bad-request', [refusal]);
    await setOrganizationPolicies(db, org.id, body);
    await audit(db, { ...who, action: 'org.policies', target: org.slug, details: { ...body } });
    return policiesView(org);
  });

  app.put(orgRoutes.brandingSettings, async (request) => {
    const { org, who } = await adminWrite(request);
    const body = parse(OrgBrandingBody, request.body);
    if (body.name !== undefined) await updateOrganization(db, org, { name: body.name });
    if (body.color !== undefined) await setAccentColor(db, org.id, body.color);
    await audit(db, { ...who, action: 'org.branding', target: org.slug, details: { ...body } });
    return brandingView(db, (await findOrganizationById(db, org.id))!);
  });

  app.put(orgRoutes.brandingLogo, { bodyLimit: LOGO_BODY_LIMIT }, async (request) => {
    const { org, who } = await adminWrite(request);
    const body = parse(OrgLogoBody, request.body);
    const bytes = Buffer.from(body.data, 'base64');
    if (logoTypeOf(bytes) !== body.contentType) throw new HttpError('bad-request', [`the file is not a ${body.contentType.slice('image/'.length).toUpperCase()} image`]);
    await setLogo(db, org.id, { type: body.contentType, bytes });
    await audit(db, { ...who, action: 'org.logo', target: org.slug, details: { type: body.contentType, bytes: bytes.length } });
    return brandingView(db, org);
  });

  app.delete(orgRoutes.brandingLogo, async (request, reply) => {
    const { org, who } = await adminWrite(request);
    await setLogo(db, org.id, null);
    await audit(db, { ...who, action: 'org.logo', target: org.slug, details: { removed: true } });
    return reply.code(204).send();
  });

  app.get(orgRoutes.audit, async (request) => {
    const { org } = await requireOrgAdmin(db, request);
    return readAudit(db, parse(AuditQuery, request.query), org.id);
  });

  // The organization's own directory is not read here: the report covers its accounts and org admins.
  app.get(orgRoutes.accessAudit, async (request) => {
    const { org } = await requireOrgAdmin(db, request);
    const people = await organizationPeople(db, org.id);
    const scope = {
      organizationId: org.id,
      memberIds: new Set(people.map((p) => p.user.id)),
      adminIds: new Set(people.filter((p) => p.orgAdmin).map((p) => p.user.id)),
    };
    return accessReport(db, config.accounts, undefined, new Date(), scope);
  });
}

/** Public: the request's organization's branding for its pages, and its logo. */
export function orgBrandingRoutes(app: FastifyInstance, { db }: Services): void {
  async function organization(request: FastifyRequest): Promise<Organization> {
    const org = await requestOrganization(db, request.raw);
    if (!org) throw new HttpError('not-found');
    return org;
  }

  app.get(orgRoutes.branding, async (request) => brandingView(db, await organization(request)));

  app.get(orgRoutes.logo, async (request, reply) => {
    const logo = await organizationLogo(db, (await organization(request)).id);
    if (!logo) throw new HttpError('not-found');
    // Its address carries its version, so it can be kept; nosniff (helmet) keeps it an image.
    return reply.type(logo.type).header('cache-control', 'public, max-age=86400').header('etag', `"${logo.version}"`).send(logo.bytes);
  });
}
