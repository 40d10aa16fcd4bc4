import type { FastifyInstance } from 'fastify';
import { SetupBody, SignInBody, routes, type MeResponse } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { findUserByEmail, recordSignIn, userView } from '../../accounts/accounts.ts';
import { checkPassword } from '../../accounts/authenticate.ts';
import { SESSION_COOKIE, SESSION_DAYS, createSession, deleteSession } from '../../accounts/sessions.ts';
import { completeSetup, needsSetup } from '../../accounts/first-admin.ts';
import { getSettings } from '../../settings/settings.ts';
import { audit } from '../../audit/audit.ts';
import { currentUser, refuseWhileSuspended, setSessionCookie } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';
import { belongsToRequest } from '../../orgs/scope.ts';
import { requestOrganization } from '../../orgs/resolve.ts';
import { administeredOrganizations, administersRequest } from '../../orgs/administration.ts';

export function sessionRoutes(app: FastifyInstance, { db, config }: Services): void {
  const secure = config.http.publicUrl.startsWith('https:');
  const signInLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

  app.get(routes.me, async (request): Promise<MeResponse> => {
    const user = await currentUser(db, request);
    const org = await requestOrganization(db, request.raw);
    const settings = await getSettings(db, org?.id);
    return {
      user: user ? userView(user) : null,
      settings: { guests: settings.guests },
      organization: org?.slug ?? null,
      orgAdmin: user ? await administersRequest(db, request, user) : false,
      administers: user ? await administeredOrganizations(db, user, config.http.publicUrl) : [],
      needsSetup: await needsSetup(db),
    };
  });

  app.post(routes.session, { config: signInLimit }, async (request, reply) => {
    const body = parse(SignInBody, request.body);
    if (!config.accounts.passwordSignIn) throw new HttpError('forbidden', ['password sign-in is turned off on this server: use single sign-on']);
    await refuseWhileSuspended(db, request);
    const user = await findUserByEmail(db, body.email);
    const ok = await checkPassword(db, config, user, body.password, await requestOrganization(db, request.raw));
    // At an organization the person does not belong to, their password opens nothing.
    if (!user || !ok || user.status !== 'active' || !(await belongsToRequest(db, request.raw, user.id))) throw new HttpError('invalid-credentials');
    setSessionCookie(reply, await createSession(db, user.id), secure, SESSION_DAYS * 86_400);
    await recordSignIn(db, user.id);
    return { user: userView(user) };
  });

  app.delete(routes.session, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.post(routes.setup, { config: signInLimit }, async (request, reply) => {
    const body = parse(SetupBody, request.body);
    const result = await completeSetup(db, body);
    if (!result.ok) throw new HttpError(result.reason);
    await audit(db, { actor: result.user.email, action: 'setup.first-admin', target: result.user.email, origin: request.ip });
    setSessionCookie(reply, await createSession(db, result.user.id), secure, SESSION_DAYS * 86_400);
    return { user: userView(result.user) };
  });
}
