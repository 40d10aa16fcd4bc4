import * as client from 'openid-client';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ssoRoutes } from '@moot/protocol';
import { SsoError } from './errors.ts';
import type { ProviderHostGuard } from './host-guard.ts';
import type { ProviderPerson } from './identity.ts';
import type { OidcSettings } from './providers.ts';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface OidcChecks {
  state: string;
  nonce: string;
  verifier: string;
  /** A confirmation asked the provider for a fresh sign-in (max_age=0): the ID token must show one. */
  fresh: boolean;
}

/** One OpenID provider: discovery (kept once it succeeded), the code flow with PKCE, logout. */
export class OidcClient {
  private discovered: Promise<client.Configuration> | undefined;
  private keys: JWTVerifyGetKey | undefined;
  readonly redirectUri: string;

  constructor(
    readonly settings: OidcSettings,
    /** The provider's organization's address: its domain, or its prefix on the main one. */
    baseUrl: string,
    /** How to reach a provider an organization's admins set (`ProviderHostGuard.fetch`); unset: the operator's, fetched plainly. */
    private guardedFetch?: ProviderHostGuard['fetch'],
  ) {
    this.redirectUri = `${baseUrl}${ssoRoutes.oidcCallback(settings.id)}`;
    const issuer = new URL(settings.issuer);
    // Plain HTTP only to a provider on this machine (a test, a local proxy): tokens must not cross a network in clear.
    if (issuer.protocol !== 'https:' && !LOOPBACK.has(issuer.hostname)) throw new Error(`Invalid configuration: the OpenID issuer ${settings.issuer} must use https`);
  }

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, { redirect_uris: [this.redirectUri] }, client.ClientSecretBasic(this.settings.clientSecret), {
        execute: new URL(this.settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        ...(this.guardedFetch ? { [client.customFetch]: this.guardedFetch } : {}),
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw new SsoError('sso-unavailable', `${this.settings.id}: discovery failed: ${(err as Error).message}`);
      });
    return this.discovered;
  }

  async authorizationUrl(checks: Omit<OidcChecks, 'verifier'> & { challenge: string }): Promise<URL> {
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: checks.challenge,
      code_challenge_method: 'S256',
    };
    if (checks.fresh) Object.assign(parameters, { prompt: 'login', max_age: '0' });
    return client.buildAuthorizationUrl(await this.configuration(), parameters);
  }

  /** Exchanges the code; the library checks state, nonce, PKCE and the ID token (issuer, audience, signature, expiry, auth_time). */
  async callback(currentUrl: URL, checks: OidcChecks): Promise<{ person: Omit<ProviderPerson, 'provider'>; idToken: string; sid?: string }> {
    const configuration = await this.configuration();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
        ...(checks.fresh ? { maxAge: 0 } : {}),
      });
    } catch (err) {
      const error = (err as { error?: string }).error;
      if (error === 'access_denied' || error === 'login_required') throw new SsoError('sso-refused', `${this.settings.id}: ${error}`);
      throw new SsoError('sso-response-invalid', `${this.settings.id}: ${(err as Error).message}`);
    }
    const claims = tokens.claims()!;
    const groups = claims[this.settings.groupsClaim];
    return {
      person: {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : typeof groups === 'string' ? [groups] : [],
      },
      idToken: tokens.id_token!,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
    };
  }

  /** The provider's sign-out page for this session, or null when it has none. */
  async endSessionUrl(idToken: string | undefined, after: string): Promise<string | null> {
    const configuration = await this.configuration().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { client_id: this.settings.clientId, post_logout_redirect_uri: after };
    if (idToken) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  }

  /** Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6). */
  async verifyLogoutToken(token: string): Promise<{ issuer: string; subject?: string; sid?: string; jti: string; expires: Date }> {
    const metadata = (await this.configuration()).serverMetadata();
    if (!metadata.jwks_uri) throw new SsoError('sso-response-invalid', 'the provider publishes no keys');
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri), this.guardedFetch ? { [customFetch]: this.guardedFetch } : {});
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: metadata.issuer, audience: this.settings.clientId, maxTokenAge: '5m', clockTolerance: 30 }));
    } catch (err) {
      throw new SsoError('sso-response-invalid', `logout token: ${(err as Error).message}`);
    }
    const events = payload.events as Record<string, unknown> | undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!events || typeof events[BACKCHANNEL_EVENT] !== 'object') throw new SsoError('sso-response-invalid', 'logout token: no back-channel logout event');
    if ('nonce' in payload) throw new SsoError('sso-response-invalid', 'logout token: has a nonce');
    if (!payload.sub && !sid) throw new SsoError('sso-response-invalid', 'logout token: names neither subject nor session');
    if (!payload.jti) throw new SsoError('sso-response-invalid', 'logout token: no jti');
    return { issuer: metadata.issuer, subject: payload.sub, sid, jti: payload.jti, expires: new Date(((payload.exp ?? payload.iat ?? 0) + 300) * 1000) };
  }
}
