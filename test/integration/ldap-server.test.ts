// The directory over TLS, against a real slapd with a self-signed certificate: the CLI syncs over
// StartTLS and ldaps:// when given the certificate (MOOT_LDAP_CA_FILE) and refuses the directory
// without it; the server lets directory people sign in with their LDAP password, and its periodic
// sync picks up changes in the directory by itself.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { dnOf, ldapEnv, newcomer, seedLdif } from '../helpers/directory.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, runCli, runCliRaw, startMoot, type Moot } from '../helpers/moot.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { waitFor } from '../helpers/wait.ts';

let slapd: Slapd;
let moot: Moot;
let tlsEnv: Record<string, string>;
const work = makeTempDir('moot-ldap-server-');
const passwords = { alice: 'alice-directory-secret', dave: 'dave-directory-secret', judy: 'judy-directory-secret' };

interface Plan {
  changes: { action: string; email: string }[];
}
interface Account {
  email: string;
  status: string;
}

before(async () => {
  slapd = await startSlapd({ tls: true });
  await slapd.modify(seedLdif);
  for (const [uid, password] of Object.entries(passwords)) {
    await slapd.modify([`dn: ${dnOf(uid)}`, 'changetype: modify', 'replace: userPassword', `userPassword: ${password}`, '-', ''].join('\n'));
  }
  // ppolicy unlocks an account whose password is set: lock dave again, as the seed has him.
  await lock('dave');
  // StartTLS on ldap:// (no MOOT_LDAP_INSECURE), trusting the directory's own certificate.
  const { MOOT_LDAP_INSECURE: _plain, ...secure } = ldapEnv(slapd);
  tlsEnv = { ...secure, MOOT_LDAP_CA_FILE: slapd.caFile! };
});

after(async () => {
  await moot?.stop();
  await slapd?.stop();
});

function lock(uid: string): Promise<void> {
  return slapd.modify([`dn: ${dnOf(uid)}`, 'changetype: modify', 'replace: pwdAccountLockedTime', 'pwdAccountLockedTime: 20240101000000Z', '-', ''].join('\n'));
}

const dataDir = (name: string) => ({ MOOT_DATA_DIR: join(work, name) });
const planned = (plan: Plan) => plan.changes.filter((c) => c.action === 'create').map((c) => c.email);

test('StartTLS and ldaps:// work with the directory certificate and fail without it', async () => {
  const startTls = await runCli<Plan>({ ...dataDir('starttls'), ...tlsEnv }, ['ldap', 'sync', '--dry-run', '--json']);
  assert.ok(planned(startTls).includes('alice@example.org'), JSON.stringify(startTls));
  const ldaps = await runCli<Plan>({ ...dataDir('ldaps'), ...tlsEnv, MOOT_LDAP_URL: slapd.ldapsUrl! }, ['ldap', 'sync', '--dry-run', '--json']);
  assert.deepEqual(planned(ldaps).sort(), planned(startTls).sort());

  // The same directory without the certificate: its self-signed certificate is not trusted.
  const { MOOT_LDAP_CA_FILE: _ca, ...untrusted } = tlsEnv;
  for (const url of [slapd.url, slapd.ldapsUrl!]) {
    const refused = await runCliRaw({ ...dataDir('untrusted'), ...untrusted, MOOT_LDAP_URL: url }, ['ldap', 'sync', '--dry-run', '--json']);
    assert.notEqual(refused.code, 0, `${url} without the CA file`);
    assert.match(refused.stderr + refused.stdout, /certificate/i, url);
  }
});

async function account(email: string): Promise<Account | undefined> {
  return (await moot.cli<Account[]>(['user', 'list', '--json'])).find((a) => a.email === email);
}

async function signInStatus(email: string, password: string): Promise<number> {
  return (await new HttpClient(moot.url).post('/api/session', { email, password })).status;
}

test('directory people sign in with their LDAP password; a wrong one and a locked person are refused', async () => {
  moot = await startMoot({
    env: { ...tlsEnv, MOOT_LDAP_PASSWORD_SIGN_IN: 'true', MOOT_LDAP_SYNC_INTERVAL_MINUTES: '0.02' },
  });
  // The server's first sync runs at start.
  await waitFor(async () => (await account('alice@example.org'))?.status === 'active', { timeoutMs: 30_000, message: "the start-up sync to create alice's account" });
  assert.equal(await signInStatus('alice@example.org', passwords.alice), 200);
  assert.equal(await signInStatus('alice@example.org', 'not-her-password'), 401);
  assert.equal(await signInStatus('alice@example.org', ''), 400, 'an empty password is not an anonymous bind');
  // dave is locked in the directory (pwdAccountLockedTime): the sync gives him no account, and his right password opens nothing.
  assert.equal(await account('dave@example.org'), undefined);
  assert.equal(await signInStatus('dave@example.org', passwords.dave), 401);
});

test("the server's periodic sync picks up a newcomer and a lock without being asked", async () => {
  assert.equal(await signInStatus('judy@example.org', passwords.judy), 200, 'judy before the lock');
  assert.equal(await account('gina@example.org'), undefined);
  await slapd.modify(newcomer);
  await lock('judy');
  await waitFor(async () => (await account('gina@example.org'))?.status === 'active', { timeoutMs: 30_000, message: 'a periodic sync to create gina' });
  await waitFor(async () => (await account('judy@example.org'))?.status === 'suspended', { timeoutMs: 30_000, message: 'a periodic sync to suspend judy' });
  assert.equal(await signInStatus('judy@example.org', passwords.judy), 401, 'judy after the lock');
});
