import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';

/** What every identity provider has. */
interface ProviderBase {
  /** The provider's slug in moot's addresses (under its organization's) and in accounts' links. */
  id: string;
  /** The organization whose admins set it (`orgs/identity.ts`); unset: the configuration's, the operator organization's. */
  organizationId?: string;
  /** Shown on the sign-in button. */
  name: string;
  /** Set by the organization's admins (not by the operator): the server reaches it through `ProviderHostGuard` only. */
  guarded?: boolean;
  /** The group whose people are administrators (of the server for the configuration's providers, else of the organization); unset: sign-in leaves roles alone. */
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

/**
 * How moot's tables name a provider (sign-ins under way, SAML request ids, sessions, links): the
 * configuration's by their id, as always; an organization's by a digest of its organization and id,
 * so two organizations' "corp" never meet, in the tables' 32 characters.
 */
export function providerScope(provider: Pick<SsoProvider, 'id' | 'organizationId'>): string {
  if (!provider.organizationId) return provider.id;
  return `o.${createHash('sha256').update(`${provider.organizationId}/${provider.id}`).digest('base64url').slice(0, 24)}`;
}

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
