import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AdminUserChangeBody, AdminUserParams, CreateUserBody, SettingsBody, routes, type AdminUserView, type MailStatusView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { EmailTakenError, createUser, findUserById, listUsers, userView, type User } from '../../accounts/accounts.ts';
import { invite, mayInvite, unsentResets } from '../../accounts/invitations.ts';
import { reactivateUser, setRole, suspendUser } from '../../accounts/state.ts';
import { createMailer } from '../../mail/mailer.ts';
import { mailLanguage } from '../../mail/templates.ts';
import { getSettings, setSetting } from '../../settings/settings.ts';
import { audit } from '../../audit/audit.ts';
import { authorize, currentUser } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';
import { requireRecentPassword } from './recent-password.ts';
import { memberIds } from '../../orgs/members.ts';
import { requestOrganization } from '../../orgs/resolve.ts';
import { belongsToRequest } from '../../orgs/scope.ts';

/** `directorySignIn`: directory accounts sign in with the directory's password and need no local one. */
export function adminUserView(user: User, directorySignIn: boolean): AdminUserView {
  return {
    ...userView(user),
    status: user.status,
    invited: user.password_hash === null && !(directorySignIn && user.ldap_dn),
    directory: user.ldap_uid !== null,
    lastSignIn: user.last_login_at,
  };
}

export function adminRoutes(app: FastifyInstance, { db, config, log }: Services): void {
  const fresh = config.accounts.reauthMinutes;
  const mailer = createMailer(config.smtp, log.child({ part: 'mail' }));
  const invitations = { db, config, mailer, log: log.child({ part: 'invitations' }) };
  const directorySignIn = Boolean(config.ldap.passwordSignIn && config.ldap.url);
  const view = (user: User) => adminUserView(user, directorySignIn);

  /** Every write here: an administrator, with the password typed in the last minutes. */
  async function adminWrite(request: FastifyRequest, action: 'admin.users' | 'admin.settings'): Promise<User> {
    const admin = await currentUser(db, request);
    authorize(admin, action);
    await requireRecentPassword(db, request, fresh);
    return admin!;
  }

  async function targetUser(request: FastifyRequest): Promise<User> {
    const parsed = AdminUserParams.safeParse(request.params);
    const found = parsed.success ? await findUserById(db, parsed.data.id) : undefined;
    // The administration pages see the request's organization's people only.
    const user = found && (await belongsToRequest(db, request.raw, found.id)) ? found : undefined;
    if (!user) throw new HttpError('not-found');
    return user;
  }

  app.get(routes.adminUsers, async (request) => {
    authorize(await currentUser(db, request), 'admin.users');
    // currentUser answered, so the request's organization exists.
    const members = await memberIds(db, (await requestOrganization(db, request.raw))!.id);
    return { users: (await listUsers(db)).filter((u) => members.has(u.id)).map(view) };
  });

  app.get(routes.adminMail, async (request): Promise<MailStatusView> => {
    authorize(await currentUser(db, request), 'admin.users');
    return { configured: mailer.configured, unsentResets: mailer.configured ? [] : await unsentResets(db) };
  });

  // The web invites members only; administrators are made from members (below), by the CLI or the directory.
  app.post(routes.adminUsers, async (request, reply) => {
    const admin = await adminWrite(request, 'admin.users');
    const body = parse(CreateUserBody, request.body);
    let user: User;
    try {
      user = await createUser(db, { ...body, role: 'member', organizationId: (await requestOrganization(db, request.raw))!.id });
    } catch (err) {
      if (err instanceof EmailTakenError) throw new HttpError('email-taken');
      throw err;
    }
    const invitation = await invite(invitations, user, mailLanguage(request.headers['accept-language'], config.accounts.mailLanguage));
    await audit(db, { actor: admin.email, action: 'user.create', target: user.email, origin: request.ip, details: { role: 'member', mailed: invitation.mailed } });
    return reply.code(201).send({ user: view(user), invitation });
  });

  app.post(routes.adminUserInvitation(':id'), async (request) => {
    const admin = await adminWrite(request, 'admin.users');
    const user = await targetUser(request);
    if (!(await mayInvite(db, config, user))) throw new HttpError('invitation-not-needed');
    const invitation = await invite(invitations, user, mailLanguage(request.headers['accept-language'], config.accounts.mailLanguage));
    await audit(db, { actor: admin.email, action: 'user.invite', target: user.email, origin: request.ip, details: { mailed: invitation.mailed } });
    return { invitation };
  });

  app.patch(routes.adminUser(':id'), async (request) => {
    const admin = await adminWrite(request, 'admin.users');
    const user = await targetUser(request);
    const body = parse(AdminUserChangeBody, request.body);
    // Nobody locks themselves out: another administrator (or the CLI) has to do it.
    if (user.id === admin.id) throw new HttpError('forbidden', ['not on your own account']);
    // The directory's admin group decides for directory accounts; the next sync would undo a change here.
    if (body.role && user.ldap_uid && config.ldap.url && config.ldap.adminGroup) throw new HttpError('forbidden', ["the directory's admin group decides this account's role"]);
    const who = { actor: admin.email, target: user.email, origin: request.ip };
    if (body.status && body.status !== user.status) {
      if (body.status === 'suspended') await suspendUser(db, user.id, 'admin');
      else await reactivateUser(db, user.id);
      await audit(db, { ...who, action: body.status === 'suspended' ? 'account.suspend' : 'account.reactivate' });
    }
    if (body.role && body.role !== user.role) {
      await setRole(db, user.id, body.role);
      await audit(db, { ...who, action: body.role === 'admin' ? 'role.grant-admin' : 'role.revoke-admin' });
    }
    return { user: view((await findUserById(db, user.id))!) };
  });

  app.get(routes.adminSettings, async (request) => {
    authorize(await currentUser(db, request), 'admin.settings');
    return getSettings(db, (await requestOrganization(db, request.raw))!.id);
  });

  app.put(routes.adminSettings, async (request) => {
    const admin = await adminWrite(request, 'admin.settings');
    const body = parse(SettingsBody, request.body);
    const organizationId = (await requestOrganization(db, request.raw))!.id;
    await setSetting(db, 'guests', body.guests, organizationId);
    await audit(db, { actor: admin.email, action: 'settings.set', target: 'guests', origin: request.ip, details: { guests: body.guests }, organizationId });
    return getSettings(db, organizationId);
  });
}
