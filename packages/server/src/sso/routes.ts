import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Profile } from '@node-saml/node-saml';
import * as client from 'openid-client';
import { BackchannelLogoutBody, SamlLogoutPostBody, SamlPostBody, SsoProviderParams, SsoStartQuery, ssoRoutes, type SignOutResponse, type SsoProvidersResponse } from '@moot/protocol';
import type { Services } from '../services.ts';
import { SESSION_COOKIE, confirmSession, deleteSession } from '../accounts/sessions.ts';
import { audit } from '../audit/audit.ts';
import { currentUser, requireUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { OrganizationProviders, providerSecrets } from '../orgs/identity.ts';
import type { Organization } from '../orgs/orgs.ts';
import { requestOrganization } from '../orgs/resolve.ts';
import { SsoDirectory } from './directory.ts';
import { SsoError } from './errors.ts';
import { accountFor, linkedAccount, type ProviderPerson } from './identity.ts';
import { OidcClient } from './oidc.ts';
import { providerScope, type SsoProvider } from './providers.ts';
import { bindBrowser, savePending, takePending, useOnce, type PendingSignIn } from './requests.ts';
import { SamlClient } from './saml.ts';
import { endProviderSessions, openSession, providerSessionOf, type ProviderSession } from './sessions.ts';

/** Routes that take a form posted by another site (the IdP's page) or a server: no Origin check. */
export const crossSite = { crossSite: true };

/**
 * The path prefix of the request's organization as the browser sees it: none at the main
 * domain's operator organization or at an organization's own domain, else `/o/<slug>`.
 */
function pathBase(request: FastifyRequest, org: Organization): string {
  if (org.operator === 1) return '';
  const host = request.headers.host?.replace(/:\d+$/, '').toLowerCase();
  return org.domain && host === org.domain ? '' : `/o/${org.slug}`;
}

/**
 * Single sign-on: the providers' buttons, the sign-in and confirmation round trips, and logout
 * both ways. Everything happens at one organization's address (its domain or `/o/<slug>/`): only
 * its providers are there, and its clients' callback, ACS and entity id carry that address.
 */
export async function ssoRoutesPlugin(app: FastifyInstance, services: Services): Promise<SsoDirectory> {
  const { db, config, log } = services;
  const publicUrl = config.http.publicUrl;
  const secure = publicUrl.startsWith('https:');
  const directory = new SsoDirectory(db, config, new OrganizationProviders(db, providerSecrets(config)));
  const ssoLog = log.child({ part: 'sso' });
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  const organizationOf = async (request: FastifyRequest): Promise<Organization> => {
    const org = await requestOrganization(db, request.raw);
    if (!org) throw new HttpError('not-found');
    return org;
  };

  const providerOf = async <T extends OidcClient | SamlClient>(kind: 'oidc' | 'saml', request: FastifyRequest): Promise<{ client: T; org: Organization }> => {
    const id = parse(SsoProviderParams, request.params).provider;
    const org = await organizationOf(request);
    const client = (await (kind === 'oidc' ? directory.oidc(org, id) : directory.saml(org, id))) as T | undefined;
    if (!client) throw new HttpError('not-found');
    return { client, org };
  };

  /**
   * Refusals go back to the sign-in page (or, for a confirmation, the page that asked), which shows
   * why; the audit log keeps them, as a forged or replayed answer is someone's attempt.
   */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, org: Organization, provider: string, err: unknown, pending?: PendingSignIn) => {
    if (!(err instanceof SsoError)) throw err;
    ssoLog.warn({ reason: err.reason, code: err.code, organization: org.slug }, 'single sign-on refused');
    await audit(db, { actor: `sso:${provider}`, action: 'sso.refused', origin: request.ip, organizationId: org.id, details: { code: err.code, reason: err.reason, organization: org.slug } });
    const back = new URL(pending?.purpose === 'confirm' ? pending.next : '/signin', publicUrl);
    back.searchParams.set('sso_error', err.code);
    return reply.redirect(pathBase(request, org) + back.pathname + back.search, 303);
  };

  /** The end of a provider's round trip: a new session, or the current one confirmed. */
  const finish = async (request: FastifyRequest, reply: FastifyReply, org: Organization, provider: SsoProvider, pending: PendingSignIn, person: Omit<ProviderPerson, 'provider'>, from: ProviderSession) => {
    const next = pathBase(request, org) + pending.next;
    if (pending.purpose === 'confirm') {
      const linked = await linkedAccount(db, person.issuer, person.subject);
      const token = request.cookies[SESSION_COOKIE];
      const user = await currentUser(db, request);
      if (!token || !user || user.id !== pending.userId || linked?.id !== user.id) throw new SsoError('sso-not-same-person', `${provider.id}: ${person.subject} confirmed for another account`);
      await confirmSession(db, token);
      await audit(db, { actor: user.email, action: 'session.confirm', target: user.email, origin: request.ip, details: { provider: provider.id } });
      return reply.redirect(next, 303);
    }
    // Checked at the end, not the start: a suspension made while the person was at the provider holds too.
    if (org.suspended === 1) throw new SsoError('sso-org-suspended', `${org.slug} is suspended`);
    const user = await accountFor(db, { ...person, provider }, org, request.ip);
    await openSession(db, reply, secure, user, from);
    await audit(db, { actor: user.email, action: 'session.sign-in', target: user.email, origin: request.ip, organizationId: org.id, details: { provider: provider.id, organization: org.slug } });
    return reply.redirect(next, 303);
  };

  const pendingFor = async (request: FastifyRequest, reply: FastifyReply, provider: SsoProvider) => {
    const query = parse(SsoStartQuery, request.query);
    let userId: string | undefined;
    if (query.purpose === 'confirm') {
      const user = requireUser(await currentUser(db, request));
      if (!(await db.selectFrom('sso_identities').select('user_id').where('user_id', '=', user.id).where('provider', '=', providerScope(provider)).executeTakeFirst())) throw new HttpError('forbidden');
      userId = user.id;
    }
    return { purpose: query.purpose, next: query.next, binding: bindBrowser(reply, secure), userId };
  };

  app.get(ssoRoutes.providers, async (request): Promise<SsoProvidersResponse> => {
    const org = await organizationOf(request);
    const base = pathBase(request, org);
    return {
      providers: (await directory.providers(org)).map((p) => ({ id: p.id, kind: p.kind, name: p.name, start: base + (p.kind === 'oidc' ? ssoRoutes.oidcStart(p.id) : ssoRoutes.samlStart(p.id)) })),
      passwordSignIn: config.accounts.passwordSignIn,
    };
  });

  app.get(ssoRoutes.oidcStart(':provider'), { config: limit }, async (request, reply) => {
    const { client: provider, org } = await providerOf<OidcClient>('oidc', request);
    const pending = await pendingFor(request, reply, provider.settings);
    const state = client.randomState();
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    try {
      const url = await provider.authorizationUrl({ state, nonce, challenge: await client.calculatePKCECodeChallenge(verifier), fresh: pending.purpose === 'confirm' });
      await savePending(db, state, providerScope(provider.settings), { ...pending, verifier, nonce });
      return reply.redirect(url.href, 302);
    } catch (err) {
      return refuse(request, reply, org, provider.settings.id, err, pending);
    }
  });

  app.get(ssoRoutes.oidcCallback(':provider'), { config: limit }, async (request, reply) => {
    const { client: provider, org } = await providerOf<OidcClient>('oidc', request);
    const query = request.query as Record<string, unknown>;
    let pending: PendingSignIn | undefined;
    try {
      pending = await takePending(db, request, typeof query.state === 'string' ? query.state : undefined, providerScope(provider.settings));
      if (typeof query.error === 'string') throw new SsoError('sso-refused', `${provider.settings.id}: ${query.error}`);
      // The organization's address, as the provider was told to send the browser back to.
      const currentUrl = new URL(`${directory.baseUrl(org)}${request.url}`);
      const { person, idToken, sid } = await provider.callback(currentUrl, { state: String(query.state), nonce: pending.nonce!, verifier: pending.verifier!, fresh: pending.purpose === 'confirm' });
      return await finish(request, reply, org, provider.settings, pending, person, {
        provider: providerScope(provider.settings),
        issuer: person.issuer,
        subject: person.subject,
        providerSession: sid,
        logoutHint: { idToken },
      });
    } catch (err) {
      return refuse(request, reply, org, provider.settings.id, err, pending);
    }
  });

  /**
   * A verified logout message from the IdP: its answer to moot's logout ends at the sign-in page;
   * its request ends the sessions it names, and the browser takes moot's answer back to it.
   */
  const idpLogout = async (request: FastifyRequest, reply: FastifyReply, org: Organization, provider: SamlClient, verified: Promise<{ request?: Profile }>, relayState: unknown) => {
    try {
      const { request: logoutRequest } = await verified;
      if (!logoutRequest) return reply.redirect(`${pathBase(request, org)}/signin`, 303);
      const ended = await endProviderSessions(db, providerScope(provider.settings), provider.settings.idpEntityId, { subject: logoutRequest.nameID, providerSession: logoutRequest.sessionIndex });
      await audit(db, { actor: `sso:${provider.settings.id}`, action: 'sso.idp-logout', target: logoutRequest.nameID, details: { sessions: ended } });
      return reply.redirect(await provider.logoutResponseUrl(logoutRequest, typeof relayState === 'string' ? relayState : ''), 303);
    } catch (err) {
      return refuse(request, reply, org, provider.settings.id, err);
    }
  };

  await app.register(async (scope) => {
    // Logout tokens and SAML answers come as forms; only these routes read forms.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post(ssoRoutes.oidcBackchannelLogout(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const { client: provider } = await providerOf<OidcClient>('oidc', request);
      const { logout_token: token } = parse(BackchannelLogoutBody, request.body);
      try {
        const logout = await provider.verifyLogoutToken(token);
        if (!(await useOnce(db, `oidc-logout:${logout.issuer}:${logout.jti}`, logout.expires))) throw new SsoError('sso-response-invalid', 'logout token used before');
        const ended = await endProviderSessions(db, providerScope(provider.settings), logout.issuer, { subject: logout.subject, providerSession: logout.sid });
        await audit(db, { actor: `sso:${provider.settings.id}`, action: 'sso.backchannel-logout', target: logout.subject ?? logout.sid, details: { sessions: ended } });
        return reply.header('cache-control', 'no-store').code(200).send();
      } catch (err) {
        if (!(err instanceof SsoError)) throw err;
        ssoLog.warn({ reason: err.reason }, 'back-channel logout refused');
        return reply.header('cache-control', 'no-store').code(400).send({ error: 'invalid_request', error_description: err.reason });
      }
    });

    scope.post(ssoRoutes.samlAcs(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const { client: provider, org } = await providerOf<SamlClient>('saml', request);
      const body = parse(SamlPostBody, request.body);
      let pending: PendingSignIn | undefined;
      try {
        pending = await takePending(db, request, body.RelayState, providerScope(provider.settings));
        const { person, sessionIndex } = await provider.validate(body as Record<string, string>, pending.purpose === 'confirm');
        return await finish(request, reply, org, provider.settings, pending, person, {
          provider: providerScope(provider.settings),
          issuer: person.issuer,
          subject: person.subject,
          providerSession: sessionIndex,
          logoutHint: { nameID: person.subject, sessionIndex },
        });
      } catch (err) {
        return refuse(request, reply, org, provider.settings.id, err, pending);
      }
    });

    scope.post(ssoRoutes.samlLogout(':provider'), { config: { ...limit, ...crossSite } }, async (request, reply) => {
      const { client: provider, org } = await providerOf<SamlClient>('saml', request);
      const body = parse(SamlLogoutPostBody, request.body);
      // The IdP's answer to moot's logout: moot ended its session before asking, so there is
      // nothing left to do or to check (node-saml cannot match a POSTed LogoutResponse to its request).
      if (!('SAMLRequest' in body)) return reply.redirect(`${pathBase(request, org)}/signin`, 303);
      return idpLogout(request, reply, org, provider, provider.logoutPost(body), body.RelayState);
    });
  });

  app.get(ssoRoutes.samlStart(':provider'), { config: limit }, async (request, reply) => {
    const { client: provider } = await providerOf<SamlClient>('saml', request);
    const pending = await pendingFor(request, reply, provider.settings);
    const relayState = client.randomState();
    await savePending(db, relayState, providerScope(provider.settings), pending);
    return reply.redirect(await provider.authorizeUrl(relayState, pending.purpose === 'confirm'), 302);
  });

  app.get(ssoRoutes.samlMetadata(':provider'), async (request, reply) => {
    const { client: provider } = await providerOf<SamlClient>('saml', request);
    return reply.type('application/samlmetadata+xml').send(provider.metadata());
  });

  app.get(ssoRoutes.samlLogout(':provider'), { config: limit }, async (request, reply) => {
    const { client: provider, org } = await providerOf<SamlClient>('saml', request);
    const query = request.query as Record<string, string>;
    return idpLogout(request, reply, org, provider, provider.logoutRedirect(query, request.url.split('?')[1] ?? ''), query.RelayState);
  });

  app.post(ssoRoutes.signOut, async (request, reply): Promise<SignOutResponse> => {
    const token = request.cookies[SESSION_COOKIE];
    const from = token ? await providerSessionOf(db, token) : undefined;
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    const org = await requestOrganization(db, request.raw);
    if (!from || !org) return { redirect: null };
    const provider = await directory.byScope(org, from.provider);
    if (provider instanceof OidcClient) return { redirect: await provider.endSessionUrl(from.logoutHint.idToken as string | undefined, `${directory.baseUrl(org)}/signin`) };
    return { redirect: provider ? await provider.logoutUrl(from.logoutHint, client.randomState()).catch(() => null) : null };
  });

  return directory;

}
