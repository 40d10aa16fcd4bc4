import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';

/** What every identity provider has: the settings an organization will later hold one of per provider. */
interface ProviderBase {
  /** The provider's slug in moot's addresses and in accounts' links. */
  id: string;
  /** Shown on the sign-in button. */
  name: string;
  /** The group whose people are administrators; unset: sign-in leaves roles alone. */
  adminGroup?: string;
}

export interface OidcSettings extends ProviderBase {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
}

export interface SamlSettings extends ProviderBase {
  kind: 'saml';
  entryPoint: string;
  idpEntityId: string;
  idpCert: string;
  spEntityId?: string;
  logoutUrl?: string;
  groupsAttribute: string;
  clockSkewSeconds: number;
}

export type SsoProvider = OidcSettings | SamlSettings;

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`Invalid configuration: ${name} is needed for single sign-on`);
  return value;
}

/** The providers the configuration names (none, one OpenID provider, one SAML IdP, or both). */
export function providersFromConfig(config: Pick<Config, 'oidc' | 'saml'>): SsoProvider[] {
  const providers: SsoProvider[] = [];
  const { oidc, saml } = config;
  if (oidc.issuer) {
    providers.push({
      kind: 'oidc',
      id: oidc.id,
      name: oidc.name,
      issuer: oidc.issuer,
      clientId: required(oidc.clientId, 'oidc.clientId (MOOT_OIDC_CLIENT_ID)'),
      clientSecret: readFileSync(required(oidc.clientSecretFile, 'oidc.clientSecretFile (MOOT_OIDC_CLIENT_SECRET_FILE)'), 'utf8').trim(),
      scopes: oidc.scopes,
      groupsClaim: oidc.groupsClaim,
      adminGroup: oidc.adminGroup,
    });
  }
  if (saml.entryPoint) {
    providers.push({
      kind: 'saml',
      id: saml.id,
      name: saml.name,
      entryPoint: saml.entryPoint,
      idpEntityId: required(saml.idpEntityId, 'saml.idpEntityId (MOOT_SAML_IDP_ENTITY_ID)'),
      idpCert: readFileSync(required(saml.idpCertFile, 'saml.idpCertFile (MOOT_SAML_IDP_CERT_FILE)'), 'utf8'),
      spEntityId: saml.spEntityId,
      logoutUrl: saml.logoutUrl,
      groupsAttribute: saml.groupsAttribute,
      adminGroup: saml.adminGroup,
      clockSkewSeconds: saml.clockSkewSeconds,
    });
  }
  if (providers.length === 2 && providers[0]!.id === providers[1]!.id) {
    throw new Error('Invalid configuration: oidc.id and saml.id must differ');
  }
  return providers;
}
