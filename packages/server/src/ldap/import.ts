import { readFileSync } from 'node:fs';
import { normalizeValue } from './entry.ts';
import { compileFilter } from './filter.ts';
import { parseLdif } from './ldif.ts';
import { toPeople, type DirectorySnapshot, type LdapConfig } from './directory.ts';

/**
 * The same selection a live search makes, from an LDIF dump: entries under the base DN that the
 * filter matches, and the admin group's entry. Dump with operational attributes (slapcat, or
 * ldapsearch with '*' '+') so memberOf and pwdAccountLockedTime are in it.
 */
export function readLdifFile(path: string, ldap: LdapConfig): DirectorySnapshot {
  const entries = parseLdif(readFileSync(path, 'utf8'));
  const matches = compileFilter(ldap.filter);
  const base = ldap.baseDn ? normalizeValue(ldap.baseDn) : undefined;
  const underBase = (dn: string) => !base || normalizeValue(dn) === base || normalizeValue(dn).endsWith(`,${base}`);
  const group = ldap.adminGroup ? entries.find((e) => normalizeValue(e.dn) === normalizeValue(ldap.adminGroup!)) : undefined;
  return toPeople(path, ldap, entries.filter((e) => underBase(e.dn) && matches(e)), group);
}
