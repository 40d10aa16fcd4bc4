import type { Config } from '../config.ts';
import type { DirectorySockets } from '../orgs/ldap-guard.ts';
import { first, normalizeValue, values, type DirectoryEntry } from './entry.ts';

export type LdapConfig = Config['ldap'];

/** A directory to reach: the configuration's, or an organization's (its CA given inline, its address checked before and as each connection opens). */
export type DirectoryAccess = LdapConfig & { caCert?: string; check?: () => Promise<void>; sockets?: DirectorySockets };

/** A person the filter selects, with what moot needs to know about them. */
export interface DirectoryPerson {
  uid: string;
  dn: string;
  name: string;
  email: string;
  /** ppolicy's pwdAccountLockedTime is set (the account is locked in the directory). */
  locked: boolean;
  /** nis's shadowExpire (days since 1970) has passed. */
  expired: boolean;
  /** A member of the configured admin group. */
  admin: boolean;
}

export interface DirectorySnapshot {
  /** Where it came from: the server URL or the LDIF file. */
  source: string;
  people: DirectoryPerson[];
  /** Entries the filter selected that lack a uid or a mail: nobody can have an account for them. */
  incomplete: string[];
  adminGroupConfigured: boolean;
}

/** The attributes a search must return for `toPeople` (lock and expiry are read from ppolicy and nis). */
export function wantedAttributes(ldap: LdapConfig): string[] {
  return [ldap.uidAttribute, ldap.nameAttribute, ldap.mailAttribute, 'pwdAccountLockedTime', 'shadowExpire'];
}

/** Turns the selected entries (and the admin group's entry, if any) into people. */
export function toPeople(
  source: string,
  ldap: LdapConfig,
  selected: DirectoryEntry[],
  adminGroup: DirectoryEntry | undefined,
  now = new Date(),
): DirectorySnapshot {
  const memberDns = new Set(adminGroup ? [...values(adminGroup, 'member'), ...values(adminGroup, 'uniqueMember')].map(normalizeValue) : []);
  const memberUids = new Set(adminGroup ? values(adminGroup, 'memberUid').map((v) => v.toLowerCase()) : []);
  const today = Math.floor(now.getTime() / 86_400_000);
  const people: DirectoryPerson[] = [];
  const incomplete: string[] = [];
  for (const entry of selected) {
    const uid = first(entry, ldap.uidAttribute)?.trim();
    const email = first(entry, ldap.mailAttribute)?.trim().toLowerCase();
    if (!uid || !email) {
      incomplete.push(entry.dn);
      continue;
    }
    const shadowExpire = Number(first(entry, 'shadowExpire') ?? '-1');
    people.push({
      uid,
      dn: entry.dn,
      name: (first(entry, ldap.nameAttribute) ?? uid).trim().slice(0, 80),
      email,
      locked: values(entry, 'pwdAccountLockedTime').length > 0,
      // -1 (or absent) means never; otherwise the account expires at the start of that day.
      expired: Number.isInteger(shadowExpire) && shadowExpire >= 0 && shadowExpire <= today,
      admin: memberDns.has(normalizeValue(entry.dn)) || memberUids.has(uid.toLowerCase()),
    });
  }
  return { source, people, incomplete, adminGroupConfigured: Boolean(ldap.adminGroup) };
}
