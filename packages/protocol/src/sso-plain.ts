/** Single sign-on values the browser needs without the schemas (see sso.ts): the routes, what the sign-in page learns of the providers, and why a sign-in was refused. */

export const ssoRoutes = {
  /** GET: the providers and whether passwords are accepted. */
  providers: '/api/auth/providers',
  /** GET ?next=<path>[&purpose=confirm]: sends the browser to the OpenID provider. */
  oidcStart: (provider: string) => `/api/auth/oidc/${provider}/start`,
  oidcCallback: (provider: string) => `/api/auth/oidc/${provider}/callback`,
  /** POST logout_token (OpenID Connect Back-Channel Logout). */
  oidcBackchannelLogout: (provider: string) => `/api/auth/oidc/${provider}/backchannel-logout`,
  samlStart: (provider: string) => `/api/auth/saml/${provider}/start`,
  /** POST SAMLResponse (HTTP-POST binding). */
  samlAcs: (provider: string) => `/api/auth/saml/${provider}/acs`,
  /** The IdP's logout request or response (HTTP-Redirect binding). */
  samlLogout: (provider: string) => `/api/auth/saml/${provider}/logout`,
  samlMetadata: (provider: string) => `/api/auth/saml/${provider}/metadata`,
  /** POST: ends this session; answers where the browser goes to sign out of the provider too. */
  signOut: '/api/auth/sign-out',
} as const;

export interface SsoProviderView {
  id: string;
  kind: 'oidc' | 'saml';
  /** "Sign in with <name>". */
  name: string;
  start: string;
}

export interface SsoProvidersResponse {
  providers: SsoProviderView[];
  /** False: the password form is not offered and the server refuses password sign-in. */
  passwordSignIn: boolean;
}

export interface SignOutResponse {
  /** The provider's sign-out page, when this session came from one that has it. */
  redirect: string | null;
}

/** Why a single sign-on was refused; the sign-in page reads it from `?sso_error=`. */
export const ssoErrorMessages = {
  'sso-unknown-provider': 'This sign-in service is not configured on this server.',
  'sso-request-expired': 'This sign-in took too long or was started in another browser. Please start it again.',
  'sso-response-invalid': 'The sign-in service sent an answer moot cannot accept (it may be forged, expired or meant for another site). Nothing was changed; please try again.',
  'sso-refused': 'The sign-in service did not sign you in.',
  'sso-no-email': 'The sign-in service did not send an email address, which moot needs for an account. Ask your administrator.',
  'sso-email-taken': 'An account with your email exists already, and the sign-in service does not vouch for that address, so it was not linked. Ask an administrator.',
  'sso-suspended': 'Your moot account is suspended.',
  'sso-other-organization': "This sign-in service is another organization's than the one your moot account belongs to (or the one it was linked through), so it was not used to sign you in here. Sign in at your own organization's address, or ask its administrator.",
  'sso-org-suspended': "This organization is suspended by the server's operator: its sign-ins are closed until it is restored.",
  'sso-not-same-person': 'You signed in at the sign-in service as someone else than the person signed in here. Nothing was confirmed.',
  'sso-unavailable': 'The sign-in service could not be reached. Please try again later.',
  'sso-password-off': 'This server accepts single sign-on only.',
} as const;

export type SsoErrorCode = keyof typeof ssoErrorMessages;
