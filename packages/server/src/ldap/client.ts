import { readFileSync } from 'node:fs';
import { Client, type Entry } from 'ldapts';
import type { DirectoryEntry } from './entry.ts';
import { toPeople, wantedAttributes, type DirectoryAccess, type DirectorySnapshot, type LdapConfig } from './directory.ts';

export class LdapConfigError extends Error {}

/** The configured bind secret: the file wins over the variable; never logged. */
function bindPassword(ldap: LdapConfig): string {
  if (ldap.bindPasswordFile) return readFileSync(ldap.bindPasswordFile, 'utf8').replace(/\r?\n$/, '');
  return ldap.bindPassword ?? '';
}

/**
 * A connection, upgraded with StartTLS on ldap:// unless `insecure` is set (ldaps:// is TLS from
 * the start). Credentials never cross a plain connection to a remote directory by accident.
 */
async function connect(ldap: DirectoryAccess): Promise<Client> {
  if (!ldap.url) throw new LdapConfigError('LDAP is not configured (MOOT_LDAP_URL)');
  await ldap.check?.();
  const ca = ldap.caCert ? { ca: ldap.caCert } : ldap.caFile ? { ca: readFileSync(ldap.caFile) } : {};
  const url = new URL(ldap.url);
  const sockets = ldap.sockets ?? {};
  if (url.protocol === 'ldaps:') return new Client({ url: ldap.url, timeout: 30_000, connectTimeout: 10_000, tlsOptions: ca, ...sockets });
  // Not for ldap://: ldapts would then speak TLS at once on the plain port. StartTLS gets the host
  // so the certificate is checked against it (the upgraded socket knows no host of its own).
  const client = new Client({ url: ldap.url, timeout: 30_000, connectTimeout: 10_000, ...sockets });
  if (!ldap.insecure) await client.startTLS({ ...ca, host: url.hostname.replace(/^\[|\]$/g, '') });
  return client;
}

function toEntry(entry: Entry): DirectoryEntry {
  const attributes = new Map<string, string[]>();
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const list = (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
    attributes.set(name.toLowerCase(), list);
  }
  return { dn: entry.dn, attributes };
}

/** Searches the directory with the configured filter and reads the admin group. */
export async function readDirectory(ldap: DirectoryAccess): Promise<DirectorySnapshot> {
  if (!ldap.baseDn) throw new LdapConfigError('MOOT_LDAP_BASE_DN is not set');
  const client = await connect(ldap);
  try {
    if (ldap.bindDn) await client.bind(ldap.bindDn, bindPassword(ldap));
    const { searchEntries } = await client.search(ldap.baseDn, {
      scope: 'sub',
      filter: ldap.filter,
      attributes: wantedAttributes(ldap),
      paged: { pageSize: 500 },
    });
    let group: DirectoryEntry | undefined;
    if (ldap.adminGroup) {
      const found = await client.search(ldap.adminGroup, { scope: 'base', attributes: ['member', 'uniqueMember', 'memberUid'] });
      group = found.searchEntries[0] && toEntry(found.searchEntries[0]);
    }
    return toPeople(ldap.url!, ldap, searchEntries.map(toEntry), group);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** True when the directory accepts this DN and password (sign-in with the LDAP password). */
export async function checkDirectoryPassword(ldap: DirectoryAccess, dn: string, password: string): Promise<boolean> {
  // An empty password would be an anonymous bind, which "succeeds" for anybody.
  if (!password) return false;
  const client = await connect(ldap);
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
