import { SAML, ValidateInResponseTo, type Profile, type SamlConfig } from '@node-saml/node-saml';
import { ssoRoutes } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { SsoError } from './errors.ts';
import type { ProviderPerson } from './identity.ts';
import { providerScope, type SamlSettings } from './providers.ts';
import { useOnce } from './requests.ts';
import { SamlRequestIds } from './saml-cache.ts';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
/** Minutes an answer may take to come back to the request it answers. */
const REQUEST_MINUTES = 10;
/** A confirmation's AuthnInstant may be this old at most (plus the clock skew). */
const FRESH_MS = 60_000;

interface AssertionXml {
  Assertion?: {
    $?: { ID?: string };
    Conditions?: { $?: { NotOnOrAfter?: string } }[];
    AuthnStatement?: { $?: { AuthnInstant?: string } }[];
  };
}

/** One SAML IdP: SP-initiated sign-in over HTTP-Redirect, answers over HTTP-POST, single logout. */
export class SamlClient {
  readonly entityId: string;
  private signIn: SAML;
  private freshSignIn: SAML;

  constructor(
    readonly settings: SamlSettings,
    /** The provider's organization's address: its domain, or its prefix on the main one. */
    baseUrl: string,
    private db: Db,
  ) {
    this.entityId = settings.spEntityId ?? `${baseUrl}${ssoRoutes.samlMetadata(settings.id)}`;
    const options: SamlConfig = {
      callbackUrl: `${baseUrl}${ssoRoutes.samlAcs(settings.id)}`,
      logoutCallbackUrl: `${baseUrl}${ssoRoutes.samlLogout(settings.id)}`,
      entryPoint: settings.entryPoint,
      logoutUrl: settings.logoutUrl ?? settings.entryPoint,
      issuer: this.entityId,
      audience: this.entityId,
      idpIssuer: settings.idpEntityId,
      idpCert: settings.idpCert,
      identifierFormat: PERSISTENT,
      wantAssertionsSigned: true,
      // The assertion's own signature is what counts; many IdPs leave the envelope unsigned.
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: settings.clockSkewSeconds * 1000,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_MINUTES * 60_000,
      cacheProvider: new SamlRequestIds(db, providerScope(settings), REQUEST_MINUTES * 60_000),
      disableRequestedAuthnContext: true,
    };
    this.signIn = new SAML(options);
    this.freshSignIn = new SAML({ ...options, forceAuthn: true });
  }

  authorizeUrl(relayState: string, fresh: boolean): Promise<string> {
    return (fresh ? this.freshSignIn : this.signIn).getAuthorizeUrlAsync(relayState, undefined, {});
  }

  metadata(): string {
    return this.signIn.generateServiceProviderMetadata(null, null);
  }

  /**
   * Checks an answer: signature of the assertion by the IdP's certificate, issuer, audience,
   * validity window, InResponseTo one of our requests; then that its assertion was not used before.
   */
  async validate(body: Record<string, string>, fresh: boolean): Promise<{ person: Omit<ProviderPerson, 'provider'>; sessionIndex?: string; profile: Profile }> {
    let profile: Profile | null;
    try {
      ({ profile } = await this.signIn.validatePostResponseAsync(body));
    } catch (err) {
      const status = (err as { xmlStatus?: string }).xmlStatus;
      throw new SsoError(status ? 'sso-refused' : 'sso-response-invalid', `${this.settings.id}: ${(err as Error).message}`);
    }
    if (!profile) throw new SsoError('sso-response-invalid', `${this.settings.id}: no assertion`);
    if (profile.issuer !== this.settings.idpEntityId) throw new SsoError('sso-response-invalid', `${this.settings.id}: assertion issued by ${profile.issuer}`);
    if (profile.nameIDFormat !== PERSISTENT || !profile.nameID) throw new SsoError('sso-response-invalid', `${this.settings.id}: NameID is not persistent`);
    const assertion = (profile.getAssertion?.() as AssertionXml | undefined)?.Assertion;
    const id = assertion?.$?.ID;
    const until = assertion?.Conditions?.[0]?.$?.NotOnOrAfter;
    if (!id || !until) throw new SsoError('sso-response-invalid', `${this.settings.id}: assertion without ID or NotOnOrAfter`);
    if (!(await useOnce(this.db, `saml:${this.settings.idpEntityId}:${id}`, new Date(Date.parse(until) + this.settings.clockSkewSeconds * 1000)))) {
      throw new SsoError('sso-response-invalid', `${this.settings.id}: assertion ${id} was used before`);
    }
    if (fresh) {
      const instant = Date.parse(assertion?.AuthnStatement?.[0]?.$?.AuthnInstant ?? '');
      if (!(instant > Date.now() - FRESH_MS - this.settings.clockSkewSeconds * 1000)) throw new SsoError('sso-response-invalid', `${this.settings.id}: no fresh authentication`);
    }
    const attribute = (name: string): string[] => {
      const value = profile[name];
      return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    };
    const email = attribute('email')[0] ?? attribute('mail')[0] ?? attribute('urn:oid:0.9.2342.19200300.100.1.3')[0];
    return {
      person: {
        issuer: profile.issuer,
        subject: profile.nameID,
        email: email?.toLowerCase(),
        // An IdP's asserted mail attribute is its own directory's: SAML has no weaker form of it.
        emailVerified: email !== undefined,
        name: attribute('displayName')[0] ?? attribute('name')[0] ?? attribute('cn')[0],
        groups: attribute(this.settings.groupsAttribute),
      },
      sessionIndex: profile.sessionIndex,
      profile,
    };
  }

  /** The IdP's single logout address for this session, or null when it has none. */
  async logoutUrl(hint: Record<string, unknown>, relayState: string): Promise<string | null> {
    if (!this.settings.logoutUrl || typeof hint.nameID !== 'string') return null;
    const profile = { issuer: this.settings.idpEntityId, nameID: hint.nameID, nameIDFormat: PERSISTENT, sessionIndex: hint.sessionIndex as string | undefined };
    return this.signIn.getLogoutUrlAsync(profile, relayState, {});
  }

  /**
   * A logout message on the redirect binding: the IdP's answer to our logout (nothing to do) or
   * its request to end a session (the caller ends it; the answer sends the browser back).
   */
  async logoutRedirect(query: Record<string, string>, originalQuery: string): Promise<{ request?: Profile }> {
    // node-saml checks a redirect's signature only when there is one; an unsigned request could end anyone's sessions.
    if (query.SAMLRequest && !query.Signature) throw new SsoError('sso-response-invalid', `${this.settings.id}: logout request without signature`);
    try {
      const { profile, loggedOut } = await this.signIn.validateRedirectAsync(query, originalQuery);
      return loggedOut && profile && query.SAMLRequest ? { request: profile } : {};
    } catch (err) {
      throw new SsoError('sso-response-invalid', `${this.settings.id}: logout: ${(err as Error).message}`);
    }
  }

  /**
   * The IdP's logout request on the POST binding (the one moot's metadata names, as node-saml
   * writes it); node-saml requires the IdP's signature on it.
   */
  async logoutPost(body: { SAMLRequest: string }): Promise<{ request?: Profile }> {
    try {
      const { profile, loggedOut } = await this.signIn.validatePostRequestAsync({ SAMLRequest: body.SAMLRequest });
      return loggedOut && profile ? { request: profile } : {};
    } catch (err) {
      throw new SsoError('sso-response-invalid', `${this.settings.id}: logout: ${(err as Error).message}`);
    }
  }

  logoutResponseUrl(request: Profile, relayState: string): Promise<string> {
    return this.signIn.getLogoutResponseUrlAsync(request, relayState, {}, true);
  }
}
