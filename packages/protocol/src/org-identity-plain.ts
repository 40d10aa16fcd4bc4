/** An organization's own identity providers, as its admins see and set them: paths and views, without schemas. */

export const orgIdentityRoutes = {
  /** GET: the organization's providers. */
  ssoProviders: '/api/org/identity/sso',
  /** PUT: adds or replaces one provider; DELETE: removes it. */
  ssoProvider: (provider: string) => `/api/org/identity/sso/${provider}`,
} as const;

/** Where the identity provider must send people back to: what its administrator registers for moot. */
export interface OrgSsoAddresses {
  /** OpenID Connect: the redirect URI, and the back-channel logout URI. */
  redirectUri?: string;
  backchannelLogoutUri?: string;
  /** SAML: moot's entity id (the audience), its metadata, assertion consumer service and single logout. */
  entityId?: string;
  metadata?: string;
  acs?: string;
  logout?: string;
}

interface OrgSsoProviderViewBase {
  id: string;
  name: string;
  adminGroup: string | null;
  addresses: OrgSsoAddresses;
}

export interface OrgOidcProviderView extends OrgSsoProviderViewBase {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  /** The client secret is write-only: only whether one is stored shows. */
  hasClientSecret: boolean;
  scopes: string;
  groupsClaim: string;
}

export interface OrgSamlProviderView extends OrgSsoProviderViewBase {
  kind: 'saml';
  entryPoint: string;
  idpEntityId: string;
  idpCert: string;
  logoutUrl: string | null;
  groupsAttribute: string;
  clockSkewSeconds: number;
}

export type OrgSsoProviderView = OrgOidcProviderView | OrgSamlProviderView;

export interface OrgSsoProvidersResponse {
  providers: OrgSsoProviderView[];
  /** Ids taken by the server's configuration (the operator's organization only): set there, not here. */
  configured: string[];
}
