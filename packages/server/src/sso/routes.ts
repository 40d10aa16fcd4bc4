import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Profile } from '@node-saml/node-saml';
import * as client from 'openid-client';
import { BackchannelLogoutBody, SamlLogoutPostBody, SamlPostBody, SsoProviderParams, SsoStartQuery, ssoRoutes, type SignOutResponse, type SsoProvidersResponse } from '@moot/protocol';
import type { Services } from '../services.ts';
import { SESSION_COOKIE, confirmSession, deleteSession } from '../accounts/sessions.ts';
import { audit } from '../audit/audit.ts';
import { currentUser, requireUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { SsoError } from './errors.ts';
import { accountFor, linkedAccount, type ProviderPerson } from './identity.ts';
import { OidcClient } from './oidc.ts';
import { providersFromConfig, type SsoProvider } from './providers.ts';
import { bindBrowser, savePending, takePending, useOnce, type PendingSignIn } from './requests.ts';
import { SamlClient } from './saml.ts';
import { endProviderSessions, openSession, providerSessionOf, type ProviderSession } from './sessions.ts';

/** Routes that take a form posted by another site (the IdP's page) or a server: no Origin check. */
export const crossSite = { crossSite: true };

/** Single sign-on: the providers' buttons, the sign-in and confirmation round trips, and logout both ways. */
export async function ssoRoutesPlugin(app: FastifyInstance, services: Services): Promise<void> {
  const { db, config, log } = services;
  const publicUrl = config.http.publicUrl;
  const secure = publicUrl.startsWith('https:');
  const providers = providersFromConfig(config);
  const oidc = new Map(providers.flatMap((p) => (p.kind === 'oidc' ? [[p.id, new OidcClient(p, publicUrl)] as const] : [])));
  const saml = new Map(providers.flatMap((p) => (p.kind === 'saml' ? [[p.id, new SamlClient(p, publicUrl, db)] as const] : [])));
  const ssoLog = log.child({ part: 'sso' });
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  const providerOf = <T>(clients: Map<string, T>, params: unknown): T => {
    const found = clients.get(parse(SsoProviderParams, params).provider);
    if (!found) throw new HttpError('not-found');
    return found;
  };

  /**
   * Refusals go back to the sign-in page (or, for a confirmation, the page that asked), which shows
   * why; the audit log keeps them, as a forged or replayed answer is someone's attempt.
   */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, provider: string, err: unknown, pending?: PendingSignIn) => {
    if (!(err instanceof SsoError)) throw err;
    ssoLog.warn({ reason: err.reason, code: err.code }, 'single sign-on refused');
    await audit(db, { actor: `sso:${provider}`, action: 'sso.refused', origin: request.ip, details: { code: err.code, reason: err.reason } });
    const back = new URL(pending?.purpose === 'confirm' ? pending.next : '/signin', publicUrl);
    back.searchParams.set('sso_error', err.code);
    return reply.redirect(back.pathname + back.search, 303);
  };

  /** The end of a provider's round trip: a new session, or the current one confirmed. */
  const finish = async (request: FastifyRequest, reply: FastifyReply, provider: SsoProvider, pending: PendingSignIn, person: Omit<ProviderPerson, 'provider'>, from: ProviderSession) => {
    if (pending.purpose === 'confirm') {
      const linked = await linkedAccount(db, person.issuer, person.subject);
      const token = request.cookies[SESSION_COOKIE];
      const user = await currentUser(db, request);
      if (!token || !user || user.id !== pending.userId || linked?.id !== user.id) throw new SsoError('sso-not-same-person', `${provider.id}: ${person.subject} confirmed for another account`);
      await confirmSession(db, token);
      await audit(db, { actor: user.email, action: 'session.confirm', target: user.email, origin: request.ip, details: { provider: provider.id } });
      return reply.redirect(pending.next, 303);
    }
    const user = await accountFor(db, { ...person, provider }, request.ip);
    await openSession(db, reply, secure, user, from);
    await audit(db, { actor: user.email, action: 'session.sign-in', target: user.email, origin: request.ip, details: { provider: provider.id } });
    return reply.redirect(pending.next, 303);
  };

  const pendingFor = async (request: FastifyRequest, reply: FastifyReply, provider: SsoProvider) => {
    const query = parse(SsoStartQuery, request.query);
    let userId: string | undefined;
    if (query.purpose === 'confirm') {
      const user = requireUser(await currentUser(db, request));
      if (!(await db.selectFrom('sso_identities').select('user_id').where('user_id', '=', user.id).where('provider', '=', provider.id).executeTakeFirst())) throw new HttpError('forbidden');
      userId = user.id;
    }
    return { purpose: query.purpose, next: query.next, binding: bindBrowser(reply, secure), userId };
  };

  app.get(ssoRoutes.providers, async (): Promise<SsoProvidersResponse> => ({
    providers: providers.map((p) => ({ id: p.id, kind: p.kind, name: p.name, start: p.kind === 'oidc' ? ssoRoutes.oidcStart(p.id) : ssoRoutes.samlStart(p.id) })),
    passwordSignIn: config.accounts.passwordSignIn,
  }));

  app.get(ssoRoutes.oidcStart(':provider'), { config: limit }, async (request, reply) => {
    const provider = providerOf(oidc, request.params);
    const pending = await pendingFor(request, reply, provider.settings);
    const state = client.randomState();
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    try {
      const url = await provider.authorizationUrl({ state, nonce, challenge: await client.calculatePKCECodeChallenge(verifier), fresh: pending.purpose === 'confirm' });
      await savePending(db, state, provider.settings.id, { ...pending, verifier, nonce });
      return reply.redirect(url.href, 302);
    } catch (err) {
      return refuse(request, reply, provider.settings.id, err, pending);
    }
  });

  app.get(ssoRoutes.oidcCallback(':provider'), { config: limit }, async (request, reply) => {
    const provider = providerOf(oidc, request.params);
    const query = request.query as Record<string, unknown>;
    let pending: PendingSignIn | undefined;
    try {
      pending = await takePending(db, request, typeof query.state === 'string' ? query.state : undefined, provider.settings.id);
      if (typeof query.error === 'string') throw new SsoError('sso-refused', `${provider.settings.id}: ${query.error}`);
      const currentUrl = new URL(request.url, publicUrl);
      const { person, idToken, sid } = await provider.callback(currentUrl, { state: String(query.state), nonce: pending.nonce!, verifier: pending.verifier!, fresh: pending.purpose === 'confirm' });
      return await finish(request, reply, provider.settings, pending, person, {
        provider: provider.settings.id,
        issuer: person.issuer,
        subject: person.subject,
        providerSession: sid,
        logoutHint: { idToken },
      });
    } catch (err) {
      return refuse(request, reply, provider.settings.id, err, pending);
    }
  });

  /**
   * A verified logout message from the IdP: its answer to moot's logout ends at the sign-in page;
   * its request ends the sessions it names, and the browser takes moot's answer back to it.
   */
  const idpLogout = async (request: FastifyRequest, reply: FastifyReply, provider: SamlClient, verified: Promise<{ request?: Profile }>, relayState: unknown) => {
    try {
      const { request: logoutRequest } = await verified;
      if (!logoutRequest) return reply.redirect('/signin', 303);
      const ended = await endProviderSessions(db, provider.settings.idpEntityId, { subject: logoutRequest.nameID, providerSession: logoutRequest.sessionIndex });
      await audit(db, { actor: `sso:${provider.settings.id}`, action: 'sso.idp-logout', target: logoutRequest.nameID, details: { sessions: ended } });
      return reply.redirect(await provider.logoutResponseUrl(logoutRequest, typeof relayState === 'string' ? relayState : ''), 303);
    } catch (err) {
      return refuse(request, reply, provider.settings.id, err);
    }
  };

  await app.register(async (scope) => {
    // Logout tokens and SAML answers come as forms; only these routes read forms.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post(ssoRoutes.oidcBackchannelLogout(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const provider = providerOf(oidc, request.params);
      const { logout_token: token } = parse(BackchannelLogoutBody, request.body);
      try {
        const logout = await provider.verifyLogoutToken(token);
        if (!(await useOnce(db, `oidc-logout:${logout.issuer}:${logout.jti}`, logout.expires))) throw new SsoError('sso-response-invalid', 'logout token used before');
        const ended = await endProviderSessions(db, logout.issuer, { subject: logout.subject, providerSession: logout.sid });
        await audit(db, { actor: `sso:${provider.settings.id}`, action: 'sso.backchannel-logout', target: logout.subject ?? logout.sid, details: { sessions: ended } });
        return reply.header('cache-control', 'no-store').code(200).send();
      } catch (err) {
        if (!(err instanceof SsoError)) throw err;
        ssoLog.warn({ reason: err.reason }, 'back-channel logout refused');
        return reply.header('cache-control', 'no-store').code(400).send({ error: 'invalid_request', error_description: err.reason });
      }
    });

    scope.post(ssoRoutes.samlAcs(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const provider = providerOf(saml, request.params);
      const body = parse(SamlPostBody, request.body);
      let pending: PendingSignIn | undefined;
      try {
        pending = await takePending(db, request, body.RelayState, provider.settings.id);
        const { person, sessionIndex } = await provider.validate(body as Record<string, string>, pending.purpose === 'confirm');
        return await finish(request, reply, provider.settings, pending, person, {
          provider: provider.settings.id,
          issuer: person.issuer,
          subject: person.subject,
          providerSession: sessionIndex,
          logoutHint: { nameID: person.subject, sessionIndex },
        });
      } catch (err) {
        return refuse(request, reply, provider.settings.id, err, pending);
      }
    });

    scope.post(ssoRoutes.samlLogout(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const provider = providerOf(saml, request.params);
      const body = parse(SamlLogoutPostBody, request.body);
      // The IdP's answer to moot's logout: moot ended its session before asking, so there is
      // nothing left to do or to check (node-saml cannot match a POSTed LogoutResponse to its request).
      if (!('SAMLRequest' in body)) return reply.redirect('/signin', 303);
      return idpLogout(request, reply, provider, provider.logoutPost(body), body.RelayState);
    });
  });

  app.get(ssoRoutes.samlStart(':provider'), { config: limit }, async (request, reply) => {
    const provider = providerOf(saml, request.params);
    const pending = await pendingFor(request, reply, provider.settings);
    const relayState = client.randomState();
    await savePending(db, relayState, provider.settings.id, pending);
    return reply.redirect(await provider.authorizeUrl(relayState, pending.purpose === 'confirm'), 302);
  });

  app.get(ssoRoutes.samlMetadata(':provider'), async (request, reply) => {
    const provider = providerOf(saml, request.params);
    return reply.type('application/samlmetadata+xml').send(provider.metadata());
  });

  app.get(ssoRoutes.samlLogout(':provider'), { config: limit }, async (request, reply) => {
    const provider = providerOf(saml, request.params);
    const query = request.query as Record<string, string>;
    return idpLogout(request, reply, provider, provider.logoutRedirect(query, request.url.split('?')[1] ?? ''), query.RelayState);
  });

  app.post(ssoRoutes.signOut, async (request, reply): Promise<SignOutResponse> => {
    const token = request.cookies[SESSION_COOKIE];
    const from = token ? await providerSessionOf(db, token) : undefined;
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (!from) return { redirect: null };
    const after = `${publicUrl}/signin`;
    const oidcClient = oidc.get(from.provider);
    if (oidcClient) return { redirect: await oidcClient.endSessionUrl(from.logoutHint.idToken as string | undefined, after) };
    const samlClient = saml.get(from.provider);
    return { redirect: samlClient ? await samlClient.logoutUrl(from.logoutHint, client.randomState()).catch(() => null) : null };
  });

}
