// Accounts from a real slapd: the live sync and the LDIF import, their dry runs, later changes in
// the directory, and the access audit over the result.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { ldapEnv, laterChanges, newcomer, seedLdif } from '../helpers/directory.ts';
import { makeTempDir, runCli, runCliRaw } from '../helpers/moot.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { randomPassword } from '../helpers/fixtures.ts';

interface Change {
  action: string;
  email: string;
  uid: string;
  detail: string;
}
interface Plan {
  dryRun: boolean;
  source: string;
  changes: Change[];
  summary: Record<string, number>;
}
interface Account {
  email: string;
  name: string;
  role: string;
  status: string;
}

let slapd: Slapd;
let live: Record<string, string>;
let imported: Record<string, string>;
let work: string;

/** Every account as `email role status name`, sorted: what the two data dirs must agree on. */
async function accounts(env: Record<string, string>): Promise<string[]> {
  const list = await runCli<Account[]>(env, ['user', 'list', '--json']);
  return list.map((u) => `${u.email} ${u.role} ${u.status} ${u.name}`).sort();
}

const actions = (plan: Plan) => plan.changes.map((c) => `${c.action} ${c.email}`).sort();

async function dumpTo(name: string): Promise<string> {
  const file = join(work, name);
  writeFileSync(file, await slapd.dump());
  return file;
}

async function auditCount(env: Record<string, string>): Promise<number> {
  return (await runCli<unknown[]>(env, ['audit', 'log', '--json', '--limit', '1000'])).length;
}

before(async () => {
  slapd = await startSlapd();
  await slapd.modify(seedLdif);
  work = makeTempDir('moot-ldap-');
  live = { MOOT_DATA_DIR: join(work, 'live'), ...ldapEnv(slapd) };
  imported = { MOOT_DATA_DIR: join(work, 'imported'), ...ldapEnv(slapd) };
  // The same local accounts on both sides: one to be linked by mail, a leaver, a legacy admin.
  for (const env of [live, imported]) {
    await runCli(env, ['user', 'add', 'bob@example.org', '--name', 'Robert Baker', '--password-stdin', '--json'], `${randomPassword()}\n`);
    await runCli(env, ['user', 'add', 'oldtimer@example.org', '--name', 'Old Timer', '--password-stdin', '--json'], `${randomPassword()}\n`);
    await runCli(env, ['user', 'add', 'ops-legacy@example.org', '--name', 'Legacy Ops', '--admin', '--password-stdin', '--json'], `${randomPassword()}\n`);
  }
});

after(async () => {
  await slapd?.stop();
});

const firstPlan = [
  'create adm1n@example.org',
  'create admin@example.org',
  'create alice@example.org',
  'create carol@example.org',
  'create henry@example.org',
  'create ivan@example.org',
  'create judy@example.org',
  'create zoe@example.org',
  'update bob@example.org',
];

test('a dry run of the live sync prints what would change and changes nothing', async () => {
  const before = await accounts(live);
  const auditBefore = await auditCount(live);
  const plan = await runCli<Plan>(live, ['ldap', 'sync', '--dry-run', '--json']);
  assert.equal(plan.dryRun, true);
  assert.deepEqual(actions(plan), firstPlan, 'locked dave, expired erin and mallory (not in the group) get nothing');
  assert.equal(plan.changes.find((c) => c.email === 'alice@example.org')?.detail, 'admin', 'the ops group makes alice an administrator');
  assert.match(plan.changes.find((c) => c.email === 'bob@example.org')!.detail, /name: Robert Baker -> Bob Baker/);
  const table = await runCliRaw(live, ['ldap', 'sync', '--dry-run']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /nothing was changed/);
  assert.match(table.stdout, /^create\s+alice@example\.org\s+alice\s+admin$/m, table.stdout);
  assert.deepEqual(await accounts(live), before, 'no account changed');
  assert.equal(await auditCount(live), auditBefore, 'nothing was written to the audit log either');
});

test('the LDIF import of a dump plans exactly what the live sync plans', async () => {
  const file = await dumpTo('first.ldif');
  const fromLive = await runCli<Plan>(live, ['ldap', 'sync', '--dry-run', '--json']);
  const fromFile = await runCli<Plan>(live, ['ldap', 'import', file, '--dry-run', '--json']);
  assert.equal(fromFile.source, file);
  assert.deepEqual(fromFile.changes, fromLive.changes);
  assert.deepEqual(fromFile.summary, fromLive.summary);
});

test('the sync creates and links the core group, the import gives the same accounts', async () => {
  const plan = await runCli<Plan>(live, ['ldap', 'sync', '--json']);
  assert.equal(plan.dryRun, false);
  assert.deepEqual(actions(plan), firstPlan);
  const result = await accounts(live);
  assert.deepEqual(result, [
    'adm1n@example.org member active Adm1n',
    'admin@example.org member active Admin',
    'alice@example.org admin active Alice Archer',
    'bob@example.org member active Bob Baker',
    'carol@example.org member active Carol Chen',
    'henry@example.org member active Henry Hill',
    'ivan@example.org member active Ivan Ivanov',
    'judy@example.org member active Judy Jones',
    'oldtimer@example.org member active Old Timer',
    'ops-legacy@example.org admin active Legacy Ops',
    'zoe@example.org member active Zoë Zündel',
  ]);
  await runCli(imported, ['ldap', 'import', join(work, 'first.ldif'), '--json']);
  assert.deepEqual(await accounts(imported), result, 'the import made the same accounts');
  const again = await runCli<Plan>(live, ['ldap', 'sync', '--dry-run', '--json']);
  assert.deepEqual(again.changes, [], 'a second sync has nothing left to do');
  const log = await runCli<{ actor: string; action: string; target: string }[]>(live, ['audit', 'log', '--json', '--limit', '20']);
  assert.equal(log[0]!.action, 'ldap.sync', 'the sync itself is logged last');
  assert.match(log[0]!.actor, /^cli:/);
  assert.ok(log.some((e) => e.action === 'ldap.create' && e.target === 'alice@example.org'));
  const admins = await runCli<{ email: string }[]>(live, ['admin', 'list', '--json']);
  assert.deepEqual(admins.map((a) => a.email).sort(), ['alice@example.org', 'ops-legacy@example.org']);
});

test('a later sync follows a renamed mail and suspends the leaver, the expired and the locked', async () => {
  for (const env of [live, imported]) await runCli(env, ['room', 'add', '--owner', 'henry@example.org', '--name', 'Henry room', '--json']);
  await slapd.modify(laterChanges);
  const preview = await runCli<Plan>(live, ['ldap', 'sync', '--dry-run', '--json']);
  const expected = ['suspend henry@example.org', 'suspend ivan@example.org', 'suspend judy@example.org', 'update carol@example.org'];
  assert.deepEqual(actions(preview), expected);
  const reasons = Object.fromEntries(preview.changes.map((c) => [c.email, c.detail]));
  assert.equal(reasons['henry@example.org'], 'no longer selected by the filter');
  assert.equal(reasons['ivan@example.org'], 'expired in the directory');
  assert.equal(reasons['judy@example.org'], 'locked in the directory');
  assert.match(reasons['carol@example.org']!, /email: carol@example.org -> carol.clark@example.org/);

  assert.deepEqual(actions(await runCli<Plan>(live, ['ldap', 'sync', '--json'])), expected);
  const result = await accounts(live);
  for (const line of [
    'carol.clark@example.org member active Carol Clark',
    'henry@example.org member suspended Henry Hill',
    'ivan@example.org member suspended Ivan Ivanov',
    'judy@example.org member suspended Judy Jones',
  ]) {
    assert.ok(result.includes(line), `${line} in ${result.join('\n')}`);
  }
  assert.equal(result.length, 11, 'nothing was deleted and nothing created');
  await runCli(imported, ['ldap', 'import', await dumpTo('later.ldif'), '--json']);
  assert.deepEqual(await accounts(imported), result, 'the import of the later dump agrees');
});

test('the access audit finds every planted problem and nothing else, and exits non-zero until fixed', async () => {
  await slapd.modify(newcomer);
  const db = new SQLite(join(live.MOOT_DATA_DIR!, 'moot.sqlite'));
  const longAgo = new Date(Date.now() - 400 * 86_400_000).toISOString();
  db.prepare('update users set created_at = ? where email = ?').run(longAgo, 'bob@example.org');
  db.prepare('update users set password_changed_at = ? where email = ?').run(longAgo, 'oldtimer@example.org');
  db.close();
  const env = { ...live, MOOT_ACCOUNTS_MAX_ADMINS: '1' };

  const broken = await runCliRaw(env, ['audit', 'accounts', '--ldap', '--json']);
  assert.equal(broken.code, 2, broken.stderr);
  const report = JSON.parse(broken.stdout);
  assert.deepEqual(report.admins, [
    { email: 'alice@example.org', name: 'Alice Archer', inAdminGroup: true },
    { email: 'ops-legacy@example.org', name: 'Legacy Ops', inAdminGroup: false },
  ]);
  assert.deepEqual(report.lookAlikes, [{ accounts: [{ email: 'adm1n@example.org', name: 'Adm1n' }, { email: 'admin@example.org', name: 'Admin' }] }]);
  assert.deepEqual(report.notInDirectory, [
    { email: 'oldtimer@example.org', name: 'Old Timer' },
    { email: 'ops-legacy@example.org', name: 'Legacy Ops' },
  ]);
  assert.deepEqual(report.directoryWithoutAccount, [{ uid: 'gina', email: 'gina@example.org', dn: 'uid=gina,ou=people,dc=example,dc=org' }]);
  assert.deepEqual(report.suspendedOwners, [{ email: 'henry@example.org', rooms: 1, recordings: 0 }]);
  assert.deepEqual(report.unused.map((u: { email: string }) => u.email), ['bob@example.org']);
  assert.deepEqual(report.stalePasswords.map((u: { email: string }) => u.email), ['oldtimer@example.org']);
  assert.deepEqual(report.violations, [
    '2 administrators, more than the maximum of 1',
    'administrator ops-legacy@example.org is not in the directory\'s admin group',
    '1 group(s) of accounts with look-alike names',
    '2 active account(s) not in the directory',
    '1 suspended account(s) still own rooms',
  ]);

  // Fix each breach with the CLI; the audit then holds and exits 0.
  const downgrade = await runCli(env, ['admin', 'downgrade-all', '--except', 'alice@example.org', '--json']);
  assert.deepEqual(downgrade, { kept: ['alice@example.org'], downgraded: ['ops-legacy@example.org'] });
  for (const email of ['ops-legacy@example.org', 'oldtimer@example.org', 'adm1n@example.org']) await runCli(env, ['user', 'suspend', email, '--json']);
  const room = (await runCli<{ id: string; owner: { name: string } }[]>(env, ['room', 'list', '--json'])).find((r) => r.owner.name === 'Henry Hill')!;
  await runCli(env, ['room', 'transfer', room.id, '--to', 'alice@example.org', '--json']);
  const held = await runCliRaw(env, ['audit', 'accounts', '--ldap', '--json']);
  assert.equal(held.code, 0, held.stdout);
  assert.deepEqual(JSON.parse(held.stdout).violations, []);
  const log = await runCli<{ action: string; target: string }[]>(env, ['audit', 'log', '--json', '--limit', '10']);
  assert.ok(log.some((e) => e.action === 'role.revoke-admin' && e.target === 'ops-legacy@example.org'));
  assert.ok(log.some((e) => e.action === 'room.transfer' && e.target === room.id));
});
