import { FilterParser } from 'ldapts';
import type { OrgLdapInput, OrgLdapView } from '@moot/protocol';
import type { Config } from '../config.ts';
import type { StreamKeys } from '../livestream/keys.ts';
import type { DirectoryAccess } from '../ldap/directory.ts';
import type { Db } from '../store/db.ts';
import { providerSecrets } from './identity.ts';
import { DirectoryHostGuard } from './ldap-guard.ts';
import type { Organization } from './orgs.ts';

/** Migration 0023: an organization's own directory. */
interface OrganizationLdapTable {
  organization_id: string;
  /** The input without the bind password, as JSON. */
  settings: string;
  /** The bind password, sealed (write-only). */
  sealed_password: string | null;
  /** 1 when the organization's admins set it (REST), 0 when the operator did (CLI). */
  guarded: number;
  updated_at: string;
}

const store = (db: Db) => db.withTables<{ organization_ldap: OrganizationLdapTable }>();

/** What a sealed password is bound to: one organization's directory (a sealed value copied to another row does not open). */
const binding = (organizationId: string) => `ldap ${organizationId}`;

export type DirectorySettings = Omit<OrgLdapInput, 'bindPassword'>;

/** An organization's directory as stored, its password opened. */
export interface OrganizationDirectory {
  organizationId: string;
  settings: DirectorySettings;
  bindPassword: string;
  guarded: boolean;
}

/** Settings that cannot be taken, said in words for the admin. */
export class DirectorySettingsError extends Error {}

export function directoryView(d: OrganizationDirectory): OrgLdapView {
  return { ...d.settings, hasBindPassword: d.bindPassword !== '' };
}

/** How the directory client reaches it; one set by the organization's admins passes the guard before each connection. */
export function directoryAccess(d: OrganizationDirectory, guard: DirectoryHostGuard): DirectoryAccess {
  const s = d.settings;
  return {
    url: s.url,
    insecure: s.insecure,
    ...(s.caCert ? { caCert: s.caCert } : {}),
    ...(s.bindDn ? { bindDn: s.bindDn, bindPassword: d.bindPassword } : {}),
    baseDn: s.baseDn,
    filter: s.filter,
    uidAttribute: s.uidAttribute,
    nameAttribute: s.nameAttribute,
    mailAttribute: s.mailAttribute,
    ...(s.adminGroup ? { adminGroup: s.adminGroup } : {}),
    syncIntervalMinutes: s.syncIntervalMinutes,
    passwordSignIn: s.passwordSignIn,
    ...(d.guarded ? { check: () => guard.check(s.url, s.insecure), sockets: guard.sockets(s.url) } : {}),
  };
}

/** The organizations' directories, settings in the clear, bind passwords sealed with `secrets`. */
export class OrganizationDirectories {
  constructor(
    private db: Db,
    private secrets: StreamKeys,
  ) {}

  private toDirectory(row: OrganizationLdapTable): OrganizationDirectory {
    return {
      organizationId: row.organization_id,
      settings: JSON.parse(row.settings) as DirectorySettings,
      bindPassword: row.sealed_password ? this.secrets.open(row.sealed_password, binding(row.organization_id)) : '',
      guarded: row.guarded === 1,
    };
  }

  async get(organizationId: string): Promise<OrganizationDirectory | undefined> {
    const row = await store(this.db).selectFrom('organization_ldap').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
    return row && this.toDirectory(row);
  }

  async all(): Promise<OrganizationDirectory[]> {
    const rows = await store(this.db).selectFrom('organization_ldap').selectAll().orderBy('organization_id').execute();
    return rows.map((row) => this.toDirectory(row));
  }

  /** Sets the directory; given without a bind password, the stored one stays. */
  async save(organizationId: string, input: OrgLdapInput, guarded: boolean): Promise<OrganizationDirectory> {
    const { bindPassword, ...settings } = input;
    const existing = await store(this.db).selectFrom('organization_ldap').select('sealed_password').where('organization_id', '=', organizationId).executeTakeFirst();
    const sealed = !settings.bindDn ? null : bindPassword !== undefined ? this.secrets.seal(bindPassword, binding(organizationId)) : (existing?.sealed_password ?? null);
    // A bind DN without a password would be an anonymous bind that pretends to be someone.
    if (settings.bindDn && !sealed) throw new DirectorySettingsError('a bind DN needs its bind password');
    const row = { settings: JSON.stringify(settings), sealed_password: sealed, guarded: guarded ? 1 : 0, updated_at: new Date().toISOString() };
    await store(this.db)
      .insertInto('organization_ldap')
      .values({ organization_id: organizationId, ...row })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet(row))
      .execute();
    return (await this.get(organizationId))!;
  }

  /** Whether there was a directory. */
  async remove(organizationId: string): Promise<boolean> {
    const result = await store(this.db).deleteFrom('organization_ldap').where('organization_id', '=', organizationId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/**
 * Sets an organization's directory, from its admins (REST, `guarded`: its address must pass the
 * guard, now and at each connection) or the operator (CLI, trusted). A filter the client could
 * not send is refused now rather than at the next sync; the operator's organization has the
 * configuration's.
 */
export async function setOrganizationDirectory(
  directories: OrganizationDirectories,
  guard: DirectoryHostGuard,
  org: Organization,
  input: OrgLdapInput,
  { guarded }: { guarded: boolean },
): Promise<OrgLdapView> {
  if (org.operator === 1) throw new DirectorySettingsError("the operator's organization's directory is set in the server's configuration (MOOT_LDAP_*)");
  try {
    FilterParser.parseString(input.filter);
  } catch (err) {
    throw new DirectorySettingsError(`filter: ${(err as Error).message}`);
  }
  if (guarded) await guard.check(input.url, input.insecure);
  return directoryView(await directories.save(org.id, input, guarded));
}

/** The stored directories and the guard for those its admins set, as the server's configuration makes them. */
export function organizationDirectories(db: Db, config: Config): { directories: OrganizationDirectories; guard: DirectoryHostGuard } {
  // The providers' sealing key; the binding keeps a sealed bind password from opening as anything else.
  return { directories: new OrganizationDirectories(db, providerSecrets(config)), guard: new DirectoryHostGuard(config.sso.organizationHosts) };
}
