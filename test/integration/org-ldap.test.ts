// Two organizations, each with its own directory: two subtrees of one real slapd, both with a
// person of uid "alice". Written as attacks: Alpha's admin aims its directory at this machine,
// Beta's directory lists the mail of Alpha's member, and people leave Beta's directory while
// still in Alpha. Password sign-in binds against the directory of the address's organization.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { orgLdapRoutes, orgRoutes, type ErrorBody, type OrgLdapView, type OrgMemberView } from '../../packages/protocol/src/index.ts';
import type { OrgSyncPlan } from '../../packages/server/src/ldap/org-sync.ts';
import { test } from '../helpers/diagnostics.ts';
import { BASE_DN, startSlapd, type Slapd } from '../helpers/slapd.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { addOrgPerson, orgSession, type OrgPerson } from '../helpers/orgs.ts';
import { freePort } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';

/** What `moot ldap sync --org … --json` prints. */
type Plan = OrgSyncPlan;
interface Account {
  email: string;
  name: string;
  role: string;
  status: string;
  organizations: string[];
}

const subtree = (org: string) => `ou=${org},${BASE_DN}`;
const dnIn = (org: string, uid: string) => `uid=${uid},ou=people,${subtree(org)}`;
const adminsOf = (org: string) => `cn=admins,${subtree(org)}`;
const PASSWORDS = { alphaAlice: 'alpha-alice-directory-password', betaAlice: 'beta-alice-directory-password' };

function person(org: string, uid: string, cn: string, mail: string, password?: string): string {
  return [`dn: ${dnIn(org, uid)}`, 'objectClass: inetOrgPerson', `uid: ${uid}`, `cn: ${cn}`, `sn: ${cn.split(' ').pop()}`, `mail: ${mail}`, ...(password ? [`userPassword: ${password}`] : []), ''].join('\n');
}

function organizationTree(org: string, people: string[], admins: string[]): string {
  return [
    [`dn: ${subtree(org)}`, 'objectClass: organizationalUnit', `ou: ${org}`, ''].join('\n'),
    [`dn: ou=people,${subtree(org)}`, 'objectClass: organizationalUnit', 'ou: people', ''].join('\n'),
    ...people,
    [`dn: ${adminsOf(org)}`, 'objectClass: groupOfNames', 'cn: admins', ...admins.map((uid) => `member: ${dnIn(org, uid)}`), ''].join('\n'),
  ].join('\n');
}

const seed = [
  [`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'o: Example', 'dc: example', ''].join('\n'),
  organizationTree(
    'alpha',
    [
      person('alpha', 'alice', 'Alice of Alpha', 'alice@alpha.example', PASSWORDS.alphaAlice),
      // Already a member of Alpha, made by hand: linked by mail.
      person('alpha', 'sam', 'Sam Shared', 'sam@alpha.example'),
      person('alpha', 'pat', 'Pat Both', 'pat@both.example'),
    ],
    ['alice'],
  ),
  organizationTree(
    'beta',
    [
      person('beta', 'alice', 'Alice of Beta', 'alice@beta.example', PASSWORDS.betaAlice),
      // Beta's directory names Alpha's member's mail: the account must not become Beta's.
      person('beta', 'impostor', 'Not Sam', 'sam@alpha.example'),
      person('beta', 'patricia', 'Pat in Beta', 'pat@both.example'),
      person('beta', 'bert', 'Bert Beta', 'bert@beta.example'),
      person('beta', 'quinn', 'Quinn Beta', 'quinn@beta.example'),
    ],
    ['bert'],
  ),
].join('\n');

let slapd: Slapd;
let moot: Moot;
let alphaAdmin: OrgPerson;
let betaAdmin: OrgPerson;
let sam: OrgPerson;

/** The settings an organization's directory gets: its subtree, bound as the directory's root, over loopback without TLS. */
function settingsFor(org: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url: slapd.url,
    insecure: true,
    bindDn: slapd.rootDn,
    bindPassword: 'test-root-secret',
    baseDn: `ou=people,${subtree(org)}`,
    adminGroup: adminsOf(org),
    syncIntervalMinutes: 0,
    ...extra,
  };
}

const sync = (org: string) => moot.cli<Plan>(['ldap', 'sync', '--org', org, '--json']);
const actions = (plan: Plan) => plan.changes.map((c) => `${c.action} ${c.email}`).sort();

async function account(email: string): Promise<Account | undefined> {
  return (await moot.cli<Account[]>(['user', 'list', '--json'])).find((a) => a.email === email);
}

async function members(org: string, admin: OrgPerson): Promise<Map<string, OrgMemberView>> {
  const http = await orgSession(moot, `/o/${org}`, admin);
  const response = await http.get<{ members: OrgMemberView[] }>(orgRoutes.members);
  assert.equal(response.status, 200, response.text);
  return new Map(response.body.members.map((m) => [m.email, m]));
}

before(async () => {
  slapd = await startSlapd();
  await slapd.modify(seed);
  // The operator lists this directory's host and port; nothing else on this machine.
  moot = await startMoot({ env: { MOOT_SSO_ORGANIZATION_HOSTS: new URL(slapd.url).host } });
  await moot.cli(['org', 'add', 'alpha', '--name', 'Alpha', '--json']);
  await moot.cli(['org', 'add', 'beta', '--name', 'Beta', '--json']);
  alphaAdmin = await addOrgPerson(moot, 'alpha', 'Admin', ['--org-admin']);
  betaAdmin = await addOrgPerson(moot, 'beta', 'Admin', ['--org-admin']);
  sam = await addOrgPerson(moot, 'alpha', 'Sam');
});

after(async () => {
  await moot?.stop();
  await slapd?.stop();
});

test("an organization's admin cannot aim its directory at this machine or private networks unless the operator lists the host", async () => {
  const http = await orgSession(moot, '/o/alpha', alphaAdmin);
  const unlisted = await freePort();
  const refusals: [Record<string, unknown>, RegExp][] = [
    [{ url: `ldap://127.0.0.1:${unlisted}` }, /127\.0\.0\.1 is a loopback address/],
    [{ url: `ldaps://localhost:${unlisted}`, insecure: false }, /localhost resolves to 127\.0\.0\.1, a loopback address/],
    [{ url: `ldap://[::1]:${unlisted}`, insecure: false }, /loopback/],
    [{ url: 'ldaps://10.20.30.40', insecure: false }, /10\.20\.30\.40 is a private network address/],
    [{ url: 'ldaps://169.254.169.254', insecure: false }, /link-local/],
    [{ url: 'ldap://93.184.216.34' }, /must use StartTLS or ldaps/],
  ];
  for (const [change, reason] of refusals) {
    const response = await http.put(orgLdapRoutes.directory, settingsFor('alpha', change));
    assert.equal(response.status, 422, `${JSON.stringify(change)}: ${response.text}`);
    const { error } = response.body as ErrorBody;
    assert.equal(error.code, 'ldap-directory-address');
    assert.match(error.details?.join(' ') ?? '', reason);
  }
  const notLdap = await http.put(orgLdapRoutes.directory, settingsFor('alpha', { url: 'http://127.0.0.1/' }));
  assert.equal(notLdap.status, 400, notLdap.text);
  assert.equal((await http.get(orgLdapRoutes.directory)).status, 404);
});

test("an organization's admin sets its directory at the listed host; the bind password is never shown, and other organizations' people cannot read it", async () => {
  const http = await orgSession(moot, '/o/alpha', alphaAdmin);
  const saved = await http.put<OrgLdapView>(orgLdapRoutes.directory, settingsFor('alpha', { passwordSignIn: true }));
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.body.hasBindPassword, true);
  assert.equal(saved.text.includes('test-root-secret'), false);
  // Without the password, the stored one stays.
  const { bindPassword: _kept, ...withoutPassword } = settingsFor('alpha', { passwordSignIn: true });
  const again = await http.put<OrgLdapView>(orgLdapRoutes.directory, withoutPassword);
  assert.equal(again.body.hasBindPassword, true);
  const shown = await moot.cli<OrgLdapView>(['org', 'ldap', 'alpha', 'show', '--json']);
  assert.equal(shown.baseDn, `ou=people,${subtree('alpha')}`);
  assert.equal(JSON.stringify(shown).includes('test-root-secret'), false);
  // Alpha's admin at Beta's address is nobody there.
  const atBeta = new HttpClient(`${moot.url}/o/beta`);
  for (const [name, value] of http.cookies) atBeta.cookies.set(name, value);
  assert.equal((await atBeta.get(orgLdapRoutes.directory)).status, 401);
  // The operator's CLI is trusted with any address.
  await moot.cli(['org', 'ldap', 'beta', 'set', '--json'], JSON.stringify(settingsFor('beta')));
  // The operator's organization has the configuration's directory; a second one is refused.
  const operators = await moot.cliRaw(['org', 'ldap', 'main', 'set', '--json'], JSON.stringify(settingsFor('alpha')));
  assert.notEqual(operators.code, 0);
  assert.match(operators.stdout + operators.stderr, /set in the server's configuration/);
});

test("each organization's sync makes members of its own people, even with the same uid, and an admin group makes organization admins, never operators", async () => {
  const alpha = await sync('alpha');
  assert.deepEqual(actions(alpha), ['create alice@alpha.example', 'create pat@both.example', 'link sam@alpha.example', 'update sam@alpha.example']);
  const beta = await sync('beta');
  assert.deepEqual(actions(beta), ['create alice@beta.example', 'create bert@beta.example', 'create quinn@beta.example', 'skip pat@both.example', 'skip sam@alpha.example']);
  for (const refused of beta.changes.filter((c) => c.action === 'skip')) assert.match(refused.detail, /another organization: it is not taken over/);

  const alphaAlice = await account('alice@alpha.example');
  const betaAlice = await account('alice@beta.example');
  assert.deepEqual(alphaAlice?.organizations, ['alpha']);
  assert.deepEqual(betaAlice?.organizations, ['beta']);
  assert.equal(alphaAlice?.name, 'Alice of Alpha');
  assert.equal(betaAlice?.name, 'Alice of Beta');
  // Beta's directory took nothing of Alpha's member: name (as Alpha's directory has it), organizations and status are Alpha's.
  const samNow = await account(sam.email);
  assert.deepEqual(samNow?.organizations, ['alpha']);
  assert.equal(samNow?.name, 'Sam Shared');
  assert.equal(samNow?.status, 'active');

  const inAlpha = await members('alpha', alphaAdmin);
  assert.equal(inAlpha.get('alice@alpha.example')?.orgAdmin, true);
  assert.equal(inAlpha.get('alice@alpha.example')?.role, 'member');
  assert.equal(inAlpha.has('alice@beta.example'), false);
  const inBeta = await members('beta', betaAdmin);
  assert.equal(inBeta.get('bert@beta.example')?.orgAdmin, true);
  assert.equal(inBeta.get('bert@beta.example')?.role, 'member');
  assert.equal(inBeta.has(sam.email), false);

  // A second sync finds everyone by uid in its own directory: nothing to do.
  assert.deepEqual((await sync('alpha')).changes, []);
  assert.deepEqual(actions(await sync('beta')), ['skip pat@both.example', 'skip sam@alpha.example']);
});

test("password sign-in binds against the directory of the address's organization only", async () => {
  const alice = new HttpClient(`${moot.url}/o/alpha`);
  await alice.signIn('alice@alpha.example', PASSWORDS.alphaAlice);
  const wrong = await new HttpClient(`${moot.url}/o/alpha`).post('/api/session', { email: 'alice@alpha.example', password: PASSWORDS.betaAlice });
  assert.equal(wrong.status, 401, wrong.text);
  // Beta's Alice has the same uid, but Beta's directory does not sign people in and her account has no password.
  const beta = await new HttpClient(`${moot.url}/o/beta`).post('/api/session', { email: 'alice@beta.example', password: PASSWORDS.betaAlice });
  assert.equal(beta.status, 401, beta.text);
  // Alpha's directory answers for Alpha only: its password opens nothing at Beta.
  const elsewhere = await new HttpClient(`${moot.url}/o/beta`).post('/api/session', { email: 'alice@alpha.example', password: PASSWORDS.alphaAlice });
  assert.equal(elsewhere.status, 401, elsewhere.text);
});

test("an account shared with another organization is not linked to Beta's directory; leaving Beta's directory takes an account out of Beta only while it is also in Alpha, and suspends one in Beta alone", async () => {
  // Alpha's Pat added to Beta by hand stays a plain member: Beta's directory would otherwise sign Pat in, for Alpha too.
  await moot.cli(['org', 'add-member', 'beta', 'pat@both.example', '--json']);
  const shared = await sync('beta');
  assert.deepEqual(actions(shared), ['skip pat@both.example', 'skip sam@alpha.example']);
  assert.match(shared.changes.find((c) => c.email === 'pat@both.example')!.detail, /in other organizations too: it is not taken over/);
  // Quinn, made by Beta's directory, is later added to Alpha by the operator.
  await moot.cli(['org', 'add-member', 'alpha', 'quinn@beta.example', '--json']);

  await slapd.modify([`dn: ${dnIn('beta', 'quinn')}`, 'changetype: delete', '', `dn: ${dnIn('beta', 'bert')}`, 'changetype: delete', ''].join('\n'));
  const left = await sync('beta');
  assert.deepEqual(actions(left), ['leave quinn@beta.example', 'skip pat@both.example', 'skip sam@alpha.example', 'suspend bert@beta.example']);
  const quinn = await account('quinn@beta.example');
  assert.deepEqual(quinn?.organizations, ['alpha']);
  assert.equal(quinn?.status, 'active');
  assert.deepEqual((await account('pat@both.example'))?.organizations, ['alpha', 'beta']);
  const bert = await account('bert@beta.example');
  assert.equal(bert?.status, 'suspended');
  assert.deepEqual(bert?.organizations, ['beta']);

  // Back in Beta's directory, Bert's account comes back by its uid.
  await slapd.modify(person('beta', 'bert', 'Bert Beta', 'bert@beta.example'));
  assert.ok(actions(await sync('beta')).includes('reactivate bert@beta.example'));
  assert.equal((await account('bert@beta.example'))?.status, 'active');
});

test("the server's periodic sync follows an organization's directory set by its admins, and an LDIF dump plans what the live directory does", async () => {
  await slapd.modify(person('alpha', 'gus', 'Gus Newcomer', 'gus@alpha.example'));
  const http = await orgSession(moot, '/o/alpha', alphaAdmin);
  const { bindPassword: _kept, ...settings } = settingsFor('alpha', { passwordSignIn: true, syncIntervalMinutes: 0.05 });
  assert.equal((await http.put(orgLdapRoutes.directory, settings)).status, 200);
  const gus = await waitFor(() => account('gus@alpha.example'), { timeoutMs: 60_000, intervalMs: 1000, message: 'the periodic sync of alpha' });
  assert.deepEqual(gus.organizations, ['alpha']);
  assert.equal((await http.put(orgLdapRoutes.directory, { ...settings, syncIntervalMinutes: 0 })).status, 200);

  await slapd.modify(person('beta', 'nina', 'Nina New', 'nina@beta.example'));
  const dump = join(makeTempDir('moot-org-ldap-'), 'directory.ldif');
  writeFileSync(dump, await slapd.dump());
  const live = await moot.cli<Plan>(['ldap', 'sync', '--org', 'beta', '--dry-run', '--json']);
  const fromFile = await moot.cli<Plan>(['ldap', 'import', dump, '--org', 'beta', '--dry-run', '--json']);
  assert.deepEqual(actions(live), ['create nina@beta.example', 'skip pat@both.example', 'skip sam@alpha.example']);
  // The same changes, in the dump's order rather than the search's.
  const sorted = (plan: Plan) => plan.changes.map((c) => JSON.stringify(c)).sort();
  assert.deepEqual(sorted(fromFile), sorted(live));
  assert.equal(await account('nina@beta.example'), undefined);
});
