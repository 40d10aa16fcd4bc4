import type { FastifyInstance } from 'fastify';
import { OrgLdapInput, orgLdapRoutes, type OrgLdapView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { audit } from '../audit/audit.ts';
import { HttpError, parse } from '../http/errors.ts';
import { ProviderAddressError } from '../sso/host-guard.ts';
import { requireOrgAdmin } from './administration.ts';
import { DirectorySettingsError, directoryView, organizationDirectories, setOrganizationDirectory } from './ldap.ts';

/**
 * An organization's admins set its own directory here, at its address. The bind password is
 * write-only; each change is audited. The configuration's directory (the operator's
 * organization) is not changed here.
 */
export function registerOrgLdap(app: FastifyInstance, { db, config }: Services): void {
  const { directories, guard } = organizationDirectories(db, config);

  app.get(orgLdapRoutes.directory, async (request): Promise<OrgLdapView> => {
    const { org } = await requireOrgAdmin(db, request);
    const found = await directories.get(org.id);
    if (!found) throw new HttpError('not-found');
    return directoryView(found);
  });

  app.put(orgLdapRoutes.directory, async (request): Promise<OrgLdapView> => {
    const { user, org } = await requireOrgAdmin(db, request);
    const input = parse(OrgLdapInput, request.body);
    const view = await setOrganizationDirectory(directories, guard, org, input, { guarded: true }).catch((err: unknown) => {
      if (err instanceof ProviderAddressError) throw new HttpError('ldap-directory-address', [err.message]);
      throw err instanceof DirectorySettingsError ? new HttpError('bad-request', [err.message]) : err;
    });
    await audit(db, { actor: user.email, action: 'org.ldap-set', target: input.url, origin: request.ip, organizationId: org.id, details: { passwordChanged: input.bindPassword !== undefined } });
    return view;
  });

  app.delete(orgLdapRoutes.directory, async (request, reply) => {
    const { user, org } = await requireOrgAdmin(db, request);
    if (!(await directories.remove(org.id))) throw new HttpError('not-found');
    await audit(db, { actor: user.email, action: 'org.ldap-remove', target: org.slug, origin: request.ip, organizationId: org.id });
    return reply.code(204).send();
  });
}
