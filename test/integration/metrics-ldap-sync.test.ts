// The server's scheduled directory sync reports its progress to administrators: against a real
// slapd, the sync that runs at start ends `done` with every change of its plan applied; members
// and the anonymous are refused; a server without LDAP says no sync is configured.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { routes, type LdapSyncView } from '@moot/protocol';
import { test } from '../helpers/diagnostics.ts';
import { ldapEnv, seedLdif } from '../helpers/directory.ts';
import { addUser, signedIn, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { waitFor } from '../helpers/wait.ts';

let slapd: Slapd;
let moot: Moot;
let admin: TestUser;
let member: TestUser;

before(async () => {
  slapd = await startSlapd();
  await slapd.modify(seedLdif);
  moot = await startMoot({ env: ldapEnv(slapd) });
  admin = await addUser(moot, 'Ada Local Admin', { admin: true });
  member = await addUser(moot, 'Max Local Member');
});

after(async () => {
  await moot?.stop();
  await slapd?.stop();
});

test('the sync at start is reported done with every change applied and when it finished', async () => {
  const http = await signedIn(moot, admin);
  const sync = await waitFor(
    async () => {
      const response = await http.get<LdapSyncView>(routes.adminLdapSync);
      assert.equal(response.status, 200, response.text);
      return response.body.state === 'done' || response.body.state === 'failed' ? response.body : undefined;
    },
    { timeoutMs: 20_000, message: 'the sync at start to end' },
  );
  assert.equal(sync.state, 'done', `the sync failed: ${sync.error}`);
  assert.equal(sync.configured, true);
  assert.ok(sync.total >= 3, `the seeded directory asks for changes (total ${sync.total})`);
  assert.equal(sync.done, sync.total);
  assert.equal(sync.error, null);
  assert.ok(sync.startedAt && sync.finishedAt && sync.startedAt <= sync.finishedAt, JSON.stringify(sync));
  const accounts = await moot.cli<{ email: string }[]>(['user', 'list', '--json']);
  assert.ok(accounts.some((a) => a.email === 'alice@example.org'), 'the accounts the sync made exist');
});

test('the sync status is refused to a member (403) and the anonymous (401)', async () => {
  const asMember = await (await signedIn(moot, member)).get(routes.adminLdapSync);
  assert.equal(asMember.status, 403);
  const anonymous = await new HttpClient(moot.url).get(routes.adminLdapSync);
  assert.equal(anonymous.status, 401);
});

test('a server without LDAP reports no configured sync', async () => {
  const plain = await startMoot();
  try {
    const localAdmin = await addUser(plain, 'Ada Plain', { admin: true });
    const response = await (await signedIn(plain, localAdmin)).get<LdapSyncView>(routes.adminLdapSync);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { configured: false, state: 'idle', done: 0, total: 0, startedAt: null, finishedAt: null, error: null });
  } finally {
    await plain.stop();
  }
});
