import type { Config } from '../config.ts';
import type { OrganizationProviders } from '../orgs/identity.ts';
import type { Organization } from '../orgs/orgs.ts';
import { organizationBaseUrl } from '../orgs/resolve.ts';
import type { Db } from '../store/db.ts';
import { ProviderHostGuard } from './host-guard.ts';
import { OidcClient } from './oidc.ts';
import { providerScope, providersFromConfig, type SsoProvider } from './providers.ts';
import { SamlClient } from './saml.ts';

export type SsoClient = OidcClient | SamlClient;

/**
 * Each organization's identity providers and their clients: the configuration's belong to the
 * operator's organization, the stored ones to theirs. A client is made for its organization's
 * address (its callback, ACS and entity id carry it), so an answer meant for one organization's
 * provider fails every check at another's. Clients are kept until their settings change, so
 * OpenID discovery happens once.
 */
export class SsoDirectory {
  private configured: SsoProvider[];
  private publicUrl: string;
  private clients = new Map<string, { stamp: string; client: SsoClient }>();
  /** What the providers organizations' admins set may reach. */
  readonly guard: ProviderHostGuard;

  constructor(
    private db: Db,
    config: Config,
    private stored: OrganizationProviders,
  ) {
    this.configured = providersFromConfig(config);
    this.publicUrl = config.http.publicUrl;
    this.guard = new ProviderHostGuard(config.sso.organizationHosts);
  }

  /** Where the organization's pages and sign-in addresses are. */
  baseUrl(org: Organization): string {
    return organizationBaseUrl(this.publicUrl, org);
  }

  /** The ids the configuration takes in the operator's organization. */
  configuredIds(org: Organization): string[] {
    return org.operator === 1 ? this.configured.map((p) => p.id) : [];
  }

  private async entries(org: Organization): Promise<{ settings: SsoProvider; stamp: string }[]> {
    const own = await this.stored.list(org.id);
    const taken = new Set(this.configuredIds(org));
    return [...this.configured.filter((p) => taken.has(p.id)).map((settings) => ({ settings, stamp: '' })), ...own.filter((p) => !taken.has(p.settings.id))];
  }

  async providers(org: Organization): Promise<SsoProvider[]> {
    return (await this.entries(org)).map((e) => e.settings);
  }

  /** A client for settings at the organization's address; throws on settings no client accepts (a plain-HTTP issuer elsewhere than this machine). */
  client(org: Organization, settings: SsoProvider): SsoClient {
    const base = this.baseUrl(org);
    return settings.kind === 'oidc' ? new OidcClient(settings, base, settings.guarded ? this.guard.fetch : undefined) : new SamlClient(settings, base, this.db);
  }

  private async clientWhere(org: Organization, match: (p: SsoProvider) => boolean): Promise<SsoClient | undefined> {
    const entry = (await this.entries(org)).find((e) => match(e.settings));
    if (!entry) return undefined;
    const scope = providerScope(entry.settings);
    const kept = this.clients.get(scope);
    if (kept?.stamp === entry.stamp) return kept.client;
    const client = this.client(org, entry.settings);
    this.clients.set(scope, { stamp: entry.stamp, client });
    return client;
  }

  async oidc(org: Organization, id: string): Promise<OidcClient | undefined> {
    const found = await this.clientWhere(org, (p) => p.kind === 'oidc' && p.id === id);
    return found instanceof OidcClient ? found : undefined;
  }

  async saml(org: Organization, id: string): Promise<SamlClient | undefined> {
    const found = await this.clientWhere(org, (p) => p.kind === 'saml' && p.id === id);
    return found instanceof SamlClient ? found : undefined;
  }

  /** The client of the provider a session came from (its scope, as stored), among the organization's. */
  byScope(org: Organization, scope: string): Promise<SsoClient | undefined> {
    return this.clientWhere(org, (p) => providerScope(p) === scope);
  }
}
