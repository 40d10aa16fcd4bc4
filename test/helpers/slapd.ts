import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';

const run = promisify(execFile);

export const BASE_DN = 'dc=example,dc=org';
export const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'test-root-secret';

/**
 * A real OpenLDAP slapd (Debian's), as a child of the test on a free loopback port, with its
 * config and database in a temporary folder: core, cosine, nis (shadowExpire) and inetOrgPerson
 * schemas, the memberof overlay (so filters can select a group's members) and ppolicy
 * (pwdAccountLockedTime). Entries are added online so memberof maintains memberOf. With `tls`
 * it also listens on ldaps:// and offers StartTLS, with a self-signed certificate.
 */
export interface Slapd {
  url: string;
  /** With `tls`: the ldaps:// address (the ldap:// one then offers StartTLS). */
  ldapsUrl?: string;
  /** With `tls`: the PEM certificate a client must trust (self-signed, for IP 127.0.0.1). */
  caFile?: string;
  /** A file holding the root password, for MOOT_LDAP_BIND_PASSWORD_FILE. */
  passwordFile: string;
  rootDn: string;
  /** ldapadd/ldapmodify with LDIF text (`changetype` records allowed). */
  modify(ldif: string): Promise<void>;
  /** The whole directory as LDIF, with operational attributes, as ldapsearch prints it. */
  dump(): Promise<string>;
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1, made with openssl; it is its own CA. */
async function selfSignedCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'tls-cert.pem');
  const key = join(dir, 'tls-key.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=moot test directory',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ]);
  return { cert, key };
}

export async function startSlapd(options: { tls?: boolean } = {}): Promise<Slapd> {
  const dir = makeTempDir('moot-slapd-');
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = options.tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
  const tls = options.tls ? await selfSignedCertificate(dir) : undefined;
  mkdirSync(join(dir, 'db'));
  const passwordFile = join(dir, 'bind-password');
  writeFileSync(passwordFile, `${ROOT_PASSWORD}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      ...['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include /etc/ldap/schema/${s}.schema`),
      ...(tls ? [`TLSCertificateFile ${tls.cert}`, `TLSCertificateKeyFile ${tls.key}`, `TLSCACertificateFile ${tls.cert}`] : []),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      'moduleload ppolicy',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      `suffix "${BASE_DN}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${join(dir, 'db')}`,
      'maxsize 104857600',
      'overlay memberof',
      'overlay ppolicy',
      '',
    ].join('\n'),
  );
  // -d 0 keeps slapd in the foreground, so it stays our child and dies with the test.
  const listen = [url, ...(ldapsUrl ? [ldapsUrl] : [])].map((u) => `${u}/`).join(' ');
  const auth = ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD];
  const { stop } = await startDaemon({
    label: `slapd ${url}`,
    command: 'slapd',
    args: ['-f', join(dir, 'slapd.conf'), '-h', listen, '-d', '0'],
    dir,
    ready: () => run('ldapsearch', [...auth, '-b', '', '-s', 'base', '(objectClass=*)']),
    readyTimeoutMs: 20_000,
  });

  return {
    url,
    ...(ldapsUrl && tls ? { ldapsUrl, caFile: tls.cert } : {}),
    passwordFile,
    rootDn: ROOT_DN,
    async modify(ldif) {
      const file = join(dir, `change-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
      writeFileSync(file, ldif);
      await run('ldapmodify', [...auth, '-a', '-f', file]);
    },
    async dump() {
      const { stdout } = await run('ldapsearch', [...auth, '-LLL', '-b', BASE_DN, '(objectClass=*)', '*', '+'], { maxBuffer: 16 << 20 });
      return stdout;
    },
    stop,
  };
}
