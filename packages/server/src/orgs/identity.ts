import { ssoRoutes, type OrgSsoProviderInput, type OrgSsoProviderView } from '@moot/protocol';
import type { Config } from '../config.ts';
import { StreamKeys } from '../livestream/keys.ts';
import { ServerKey } from '../recordings/keys.ts';
import { keyFilePath } from '../recordings/service.ts';
import type { SsoDirectory } from '../sso/directory.ts';
import type { SsoProvider } from '../sso/providers.ts';
import type { Organization } from './orgs.ts';
import type { Db } from '../store/db.ts';

/** Migration 0021: an organization's own identity providers. */
interface OrganizationSsoProvidersTable {
  organization_id: string;
  id: string;
  kind: 'oidc' | 'saml';
  /** The input without the client secret, as JSON. */
  settings: string;
  /** The OpenID client secret, sealed (write-only). */
  sealed_secret: string | null;
  updated_at: string;
  /** Migration 0022: 1 when the organization's admins set it (REST), 0 when the operator did (CLI). */
  guarded: number;
}

const store = (db: Db) => db.withTables<{ organization_sso_providers: OrganizationSsoProvidersTable }>();

/** What a sealed secret is bound to: one provider of one organization (a sealed value copied to another row does not open). */
const binding = (organizationId: string, providerId: string) => `sso ${organizationId}/${providerId}`;

/** Settings that cannot be taken, said in words for the admin. */
export class ProviderSettingsError extends Error {}

/** A stored provider as moot uses it; `stamp` differs whenever its settings or secret do. */
export interface StoredProvider {
  settings: SsoProvider;
  stamp: string;
}

function toProvider(organizationId: string, id: string, input: OrgSsoProviderInput, secret: string, guarded: boolean): SsoProvider {
  const common = { id, name: input.name, organizationId, guarded, ...(input.adminGroup ? { adminGroup: input.adminGroup } : {}) };
  if (input.kind === 'oidc') {
    return { ...common, kind: 'oidc', issuer: input.issuer, clientId: input.clientId, clientSecret: secret, scopes: input.scopes, groupsClaim: input.groupsClaim };
  }
  return {
    ...common,
    kind: 'saml',
    entryPoint: input.entryPoint,
    idpEntityId: input.idpEntityId,
    idpCert: input.idpCert,
    ...(input.logoutUrl ? { logoutUrl: input.logoutUrl } : {}),
    groupsAttribute: input.groupsAttribute,
    clockSkewSeconds: input.clockSkewSeconds,
  };
}

/** What the organization's admins see of a provider: its settings without the secret, and the addresses to register at the provider. */
export function providerView(p: SsoProvider, baseUrl: string): OrgSsoProviderView {
  const common = { id: p.id, name: p.name, adminGroup: p.adminGroup ?? null };
  if (p.kind === 'oidc') {
    return {
      ...common,
      kind: 'oidc',
      issuer: p.issuer,
      clientId: p.clientId,
      hasClientSecret: p.clientSecret !== '',
      scopes: p.scopes,
      groupsClaim: p.groupsClaim,
      addresses: { redirectUri: baseUrl + ssoRoutes.oidcCallback(p.id), backchannelLogoutUri: baseUrl + ssoRoutes.oidcBackchannelLogout(p.id) },
    };
  }
  const metadata = baseUrl + ssoRoutes.samlMetadata(p.id);
  return {
    ...common,
    kind: 'saml',
    entryPoint: p.entryPoint,
    idpEntityId: p.idpEntityId,
    idpCert: p.idpCert,
    logoutUrl: p.logoutUrl ?? null,
    groupsAttribute: p.groupsAttribute,
    clockSkewSeconds: p.clockSkewSeconds,
    addresses: { entityId: p.spEntityId ?? metadata, metadata, acs: baseUrl + ssoRoutes.samlAcs(p.id), logout: baseUrl + ssoRoutes.samlLogout(p.id) },
  };
}

/** Seals providers' secrets with a key derived from the server key, like stream keys: a copy of the database alone holds none. */
export function providerSecrets(config: Config): StreamKeys {
  return new StreamKeys(ServerKey.open(keyFilePath(config)).key.derive('sso provider secrets'));
}

/** The organization's identity providers as stored: settings in the clear, secrets sealed with `secrets`. */
export class OrganizationProviders {
  constructor(
    private db: Db,
    private secrets: StreamKeys,
  ) {}

  async list(organizationId: string): Promise<StoredProvider[]> {
    const rows = await store(this.db).selectFrom('organization_sso_providers').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
    return rows.map((row) => {
      const input = JSON.parse(row.settings) as OrgSsoProviderInput;
      const secret = row.sealed_secret ? this.secrets.open(row.sealed_secret, binding(organizationId, row.id)) : '';
      return { settings: toProvider(organizationId, row.id, input, secret, row.guarded === 1), stamp: `${row.settings} ${row.sealed_secret ?? ''} ${row.guarded}` };
    });
  }

  /** Adds or replaces a provider; an OpenID provider given without a secret keeps the one stored. */
  async save(organizationId: string, id: string, input: OrgSsoProviderInput, guarded: boolean): Promise<void> {
    const { clientSecret, ...settings } = input.kind === 'oidc' ? input : { ...input, clientSecret: undefined };
    const existing = await store(this.db)
      .selectFrom('organization_sso_providers')
      .select(['kind', 'sealed_secret'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    const kept = existing?.kind === input.kind ? existing.sealed_secret : null;
    const sealed = clientSecret !== undefined ? this.secrets.seal(clientSecret, binding(organizationId, id)) : input.kind === 'oidc' ? kept : null;
    if (input.kind === 'oidc' && !sealed) throw new ProviderSettingsError('a new OpenID provider needs its client secret');
    const row = { kind: input.kind, settings: JSON.stringify(settings), sealed_secret: sealed, updated_at: new Date().toISOString(), guarded: guarded ? 1 : 0 };
    await store(this.db)
      .insertInto('organization_sso_providers')
      .values({ organization_id: organizationId, id, ...row })
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doUpdateSet(row))
      .execute();
  }

  /** Whether there was such a provider. */
  async remove(organizationId: string, id: string): Promise<boolean> {
    const result = await store(this.db).deleteFrom('organization_sso_providers').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** The addresses of a provider the server fetches or sends browsers to, each with its field's name. */
function addressesOf(input: OrgSsoProviderInput): [string, string][] {
  if (input.kind === 'oidc') return [['issuer', input.issuer]];
  return [['entryPoint', input.entryPoint], ...(input.logoutUrl ? [['logoutUrl', input.logoutUrl] as [string, string]] : [])];
}

/**
 * Adds or replaces one of the organization's providers, from its admins (REST, `guarded`: its
 * addresses must pass the directory's host guard, now and at each fetch) or the operator (CLI,
 * trusted). Settings a sign-in would fail on (an issuer over plain HTTP on the network) are
 * refused now; ids the configuration takes stay the configuration's.
 */
export async function setOrganizationProvider(
  directory: SsoDirectory,
  stored: OrganizationProviders,
  org: Organization,
  id: string,
  input: OrgSsoProviderInput,
  { guarded }: { guarded: boolean },
): Promise<OrgSsoProviderView> {
  if (directory.configuredIds(org).includes(id)) throw new ProviderSettingsError(`${id} is set in the server's configuration`);
  if (guarded) for (const [field, address] of addressesOf(input)) await directory.guard.check(field, address);
  try {
    directory.client(org, toProvider(org.id, id, input, input.kind === 'oidc' ? (input.clientSecret ?? '') : '', guarded));
  } catch (err) {
    throw new ProviderSettingsError((err as Error).message.replace(/^Invalid configuration: /, ''));
  }
  await stored.save(org.id, id, input, guarded);
  const saved = (await stored.list(org.id)).find((p) => p.settings.id === id)!;
  return providerView(saved.settings, directory.baseUrl(org));
}
