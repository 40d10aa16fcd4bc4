import { BASE_DN } from './slapd.ts';

/**
 * The seeded directory the LDAP tests share: people in and out of the core group, a locked one,
 * an expired one, two look-alike entries, an administrator in the ops group.
 */
export const PEOPLE = `ou=people,${BASE_DN}`;
export const CORE = `cn=core,ou=groups,${BASE_DN}`;
export const OPS = `cn=ops,ou=groups,${BASE_DN}`;
export const dnOf = (uid: string) => `uid=${uid},${PEOPLE}`;

function person(uid: string, cn: string, mail: string, extra: string[] = []): string {
  return [`dn: ${dnOf(uid)}`, 'objectClass: inetOrgPerson', 'objectClass: shadowAccount', `uid: ${uid}`, `cn: ${cn}`, `sn: ${cn.split(' ').pop()}`, `mail: ${mail}`, ...extra, ''].join('\n');
}

function group(dn: string, members: string[]): string {
  return [`dn: ${dn}`, 'objectClass: groupOfNames', `cn: ${dn.split(',')[0]!.slice(3)}`, ...members.map((m) => `member: ${dnOf(m)}`), ''].join('\n');
}

export const coreMembers = ['alice', 'bob', 'carol', 'dave', 'erin', 'admin', 'adm1n', 'henry', 'ivan', 'judy', 'zoe'];

export const seedLdif = [
  [`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'o: Example', 'dc: example', ''].join('\n'),
  [`dn: ${PEOPLE}`, 'objectClass: organizationalUnit', 'ou: people', ''].join('\n'),
  [`dn: ou=groups,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: groups', ''].join('\n'),
  person('alice', 'Alice Archer', 'alice@example.org'),
  person('bob', 'Bob Baker', 'bob@example.org'),
  person('carol', 'Carol Chen', 'carol@example.org'),
  // Locked by ppolicy (000001010000Z: until an administrator unlocks it).
  person('dave', 'Dave Dunn', 'dave@example.org', ['pwdAccountLockedTime: 000001010000Z']),
  // shadowExpire counts days since 1970: 1000 is in 1972.
  person('erin', 'Erin Evans', 'erin@example.org', ['shadowExpire: 1000']),
  // Two entries whose names look alike.
  person('admin', 'Admin', 'admin@example.org'),
  person('adm1n', 'Adm1n', 'adm1n@example.org'),
  person('henry', 'Henry Hill', 'henry@example.org'),
  person('ivan', 'Ivan Ivanov', 'ivan@example.org', ['shadowExpire: -1']),
  person('judy', 'Judy Jones', 'judy@example.org'),
  // A name that needs base64 in LDIF.
  person('zoe', 'Zoë Zündel', 'zoe@example.org'),
  // In the directory but not in the core group: no account.
  person('mallory', 'Mallory Moss', 'mallory@example.org'),
  group(CORE, coreMembers),
  group(OPS, ['alice']),
].join('\n');

/** The directory a while later: carol renamed, henry left the group, ivan expired, judy locked. */
export const laterChanges = [
  [`dn: ${dnOf('carol')}`, 'changetype: modify', 'replace: mail', 'mail: carol.clark@example.org', '-', 'replace: cn', 'cn: Carol Clark', '-', ''].join('\n'),
  [`dn: ${CORE}`, 'changetype: modify', 'delete: member', `member: ${dnOf('henry')}`, '-', ''].join('\n'),
  [`dn: ${dnOf('ivan')}`, 'changetype: modify', 'replace: shadowExpire', 'shadowExpire: 2000', '-', ''].join('\n'),
  [`dn: ${dnOf('judy')}`, 'changetype: modify', 'add: pwdAccountLockedTime', 'pwdAccountLockedTime: 20240101000000Z', '-', ''].join('\n'),
].join('\n');

/** Someone who joins the core group after the last sync: the audit must notice them. */
export const newcomer = [person('gina', 'Gina Grant', 'gina@example.org'), [`dn: ${CORE}`, 'changetype: modify', 'add: member', `member: ${dnOf('gina')}`, '-', ''].join('\n')].join('\n');

/** MOOT_LDAP_* for a test slapd. */
export function ldapEnv(slapd: { url: string; rootDn: string; passwordFile: string }): Record<string, string> {
  return {
    MOOT_LDAP_URL: slapd.url,
    MOOT_LDAP_INSECURE: 'true',
    MOOT_LDAP_BIND_DN: slapd.rootDn,
    MOOT_LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
    MOOT_LDAP_BASE_DN: BASE_DN,
    MOOT_LDAP_FILTER: `(&(objectClass=inetOrgPerson)(memberOf=${CORE}))`,
    MOOT_LDAP_ADMIN_GROUP: OPS,
  };
}
