import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { AuditQuery, ConfirmPasswordBody, PasswordResetCompleteBody, PasswordResetRequestBody, accountRoutes } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { checkPassword } from '../../accounts/authenticate.ts';
import { requestReset } from '../../accounts/password-reset.ts';
import { consumeReset } from '../../accounts/resets.ts';
import { setPassword } from '../../accounts/state.ts';
import { SESSION_COOKIE, SESSION_DAYS, confirmSession, createSession, deleteUserSessions } from '../../accounts/sessions.ts';
import { recordSignIn, userView } from '../../accounts/accounts.ts';
import { audit, readAudit } from '../../audit/audit.ts';
import { accessReport } from '../../audit/access-report.ts';
import { readDirectory } from '../../ldap/client.ts';
import { scheduleLdapSync } from '../../ldap/schedule.ts';
import { requestOrganization } from '../../orgs/resolve.ts';
import { createMailer } from '../../mail/mailer.ts';
import { mailLanguage } from '../../mail/templates.ts';
import { authorize, currentUser, requireUser, setSessionCookie } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';

/** Every reset request answers after this long, whatever happened, so timing tells nothing. */
const RESET_ANSWER_MS = 250;

/** Password reset, password confirmation, sign out everywhere, the audit API, the LDAP schedule. */
export function registerAccounts(app: FastifyInstance, services: Services): void {
  const { db, config, log } = services;
  const secure = config.http.publicUrl.startsWith('https:');
  const mailer = createMailer(config.smtp, log.child({ part: 'mail' }));
  // Per client; the per-address limit is in requestReset (silent, so it reveals nothing).
  const perClient = { rateLimit: { max: 10, timeWindow: '1 minute' } };

  app.post(accountRoutes.passwordReset, { config: perClient }, async (request, reply) => {
    const started = Date.now();
    const { email } = parse(PasswordResetRequestBody, request.body);
    await requestReset({ db, config, mailer, log }, email, request.ip, mailLanguage(request.headers['accept-language'], config.accounts.mailLanguage));
    await sleep(Math.max(0, started + RESET_ANSWER_MS - Date.now()));
    // Whether mail can go out depends on the server only, so the answer is still the same for every address.
    return reply.code(202).send({ ok: true, mailConfigured: mailer.configured });
  });

  app.post(accountRoutes.passwordResetComplete, { config: perClient }, async (request, reply) => {
    const body = parse(PasswordResetCompleteBody, request.body);
    const user = await consumeReset(db, body.token);
    if (!user) throw new HttpError('invalid-reset-link');
    await setPassword(db, user.id, body.password);
    await audit(db, { actor: user.email, action: 'password.reset', target: user.email, origin: request.ip });
    setSessionCookie(reply, await createSession(db, user.id), secure, SESSION_DAYS * 86_400);
    await recordSignIn(db, user.id);
    return { user: userView(user) };
  });

  app.post(accountRoutes.sessionConfirm, { config: perClient }, async (request, reply) => {
    const user = requireUser(await currentUser(db, request));
    const { password } = parse(ConfirmPasswordBody, request.body);
    if (!(await checkPassword(db, config, user, password, await requestOrganization(db, request.raw)))) throw new HttpError('invalid-credentials');
    await confirmSession(db, request.cookies[SESSION_COOKIE]!);
    return reply.code(204).send();
  });

  app.delete(accountRoutes.allSessions, async (request, reply) => {
    const user = requireUser(await currentUser(db, request));
    await deleteUserSessions(db, user.id);
    await audit(db, { actor: user.email, action: 'session.sign-out-everywhere', target: user.email, origin: request.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(accountRoutes.adminAudit, async (request) => {
    authorize(await currentUser(db, request), 'admin.audit');
    return readAudit(db, parse(AuditQuery, request.query));
  });

  app.get(accountRoutes.adminAccessAudit, async (request) => {
    authorize(await currentUser(db, request), 'admin.audit');
    let directory;
    try {
      directory = config.ldap.url ? await readDirectory(config.ldap) : undefined;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'access audit: directory unreachable');
      throw new HttpError('ldap-unavailable');
    }
    return accessReport(db, config.accounts, directory);
  });

  let stopSync: () => void = () => undefined;
  app.addHook('onReady', async () => {
    stopSync = scheduleLdapSync(db, config, log.child({ part: 'ldap' }), services.shared.jobs);
  });
  app.addHook('onClose', async () => stopSync());
}
