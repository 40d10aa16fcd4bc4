import type { FastifyInstance } from 'fastify';
import { OrgSsoProviderInput, OrgSsoProviderParams, orgIdentityRoutes, type OrgSsoProvidersResponse, type OrgSsoProviderView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { audit } from '../audit/audit.ts';
import { HttpError, parse } from '../http/errors.ts';
import type { SsoDirectory } from '../sso/directory.ts';
import { ProviderAddressError } from '../sso/host-guard.ts';
import { requireOrgAdmin } from './administration.ts';
import { OrganizationProviders, ProviderSettingsError, providerSecrets, providerView, setOrganizationProvider } from './identity.ts';

/**
 * An organization's admins set its own identity providers here, at its address. The client
 * secret is write-only; each change is audited. The configuration's providers (the operator's
 * organization) are not changed here.
 */
export function registerOrgIdentity(app: FastifyInstance, { db, config }: Services, directory: SsoDirectory): void {
  const stored = new OrganizationProviders(db, providerSecrets(config));

  app.get(orgIdentityRoutes.ssoProviders, async (request): Promise<OrgSsoProvidersResponse> => {
    const { org } = await requireOrgAdmin(db, request);
    const base = directory.baseUrl(org);
    return { providers: (await stored.list(org.id)).map((p) => providerView(p.settings, base)), configured: directory.configuredIds(org) };
  });

  app.put(orgIdentityRoutes.ssoProvider(':provider'), async (request): Promise<OrgSsoProviderView> => {
    const { user, org } = await requireOrgAdmin(db, request);
    const { provider: id } = parse(OrgSsoProviderParams, request.params);
    const input = parse(OrgSsoProviderInput, request.body);
    const view = await setOrganizationProvider(directory, stored, org, id, input, { guarded: true }).catch((err: unknown) => {
      if (err instanceof ProviderAddressError) throw new HttpError('sso-provider-address', [err.message]);
      throw err instanceof ProviderSettingsError ? new HttpError('bad-request', [err.message]) : err;
    });
    await audit(db, { actor: user.email, action: 'org.sso-set', target: id, origin: request.ip, organizationId: org.id, details: { kind: input.kind, secretChanged: input.kind === 'oidc' && input.clientSecret !== undefined } });
    return view;
  });

  app.delete(orgIdentityRoutes.ssoProvider(':provider'), async (request, reply) => {
    const { user, org } = await requireOrgAdmin(db, request);
    const { provider: id } = parse(OrgSsoProviderParams, request.params);
    if (!(await stored.remove(org.id, id))) throw new HttpError('not-found');
    await audit(db, { actor: user.email, action: 'org.sso-remove', target: id, origin: request.ip, organizationId: org.id });
    return reply.code(204).send();
  });
}
