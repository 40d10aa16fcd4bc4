// Organization admins, written as attacks: a plain member goes after the org-admin routes, A's
// org admin goes after B's members, audit and branding by id, by B's URL (/o/beta/) and through
// B's own domain, and tries to make themselves operator; the operator's view must hold counts
// only. What A's admin may do, in A, is checked first: the attacks are measured against it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { errorMessages } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { HttpClient, type HttpResponse } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { addOrgPerson, orgSession, requestAtDomain, type OrgPerson } from '../helpers/orgs.ts';

type Person = OrgPerson;

const BETA_DOMAIN = 'meet.beta.example';
const SERVER_RETENTION_DAYS = 90;
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let moot: Moot;
let aMember: Person;
let aAdmin: Person;
let aSecondAdmin: Person;
let shared: Person;
let bMember: Person;
let bAdmin: Person;
let operator: Person;
let bRoomId: string;

const person = (org: string | undefined, name: string, flags: string[] = []) => addOrgPerson(moot, org, name, flags);

/** Signed in as `who` at an organization's address, the password confirmed as admin changes need. */
const at = (prefix: string, who: Person) => orgSession(moot, prefix, who, { confirm: true });

/** The same session's cookies sent to another address, as a browser would after following a link. */
function carried(from: HttpClient, prefix: string): HttpClient {
  const http = new HttpClient(`${moot.url}${prefix}`);
  for (const [name, value] of from.cookies) http.cookies.set(name, value);
  return http;
}

const viaDomain = (host: string, method: string, path: string, cookie = '', json?: unknown) => requestAtDomain(moot, host, method, path, cookie, json);

const same = (what: string, got: { status: number; body: unknown }, expected: { status: number; body: unknown }) =>
  assert.deepEqual({ status: got.status, body: got.body }, { status: expected.status, body: expected.body }, what);

/** Every org-admin route, with a body that would be accepted from an org admin. */
const orgAdminCalls = (memberId: string): [string, (http: HttpClient) => Promise<HttpResponse>][] => [
  ['list members', (h) => h.get('/api/org-admin/members')],
  ['add a member', (h) => h.post('/api/org-admin/members', { email: `new-${randomPassword().slice(0, 8).toLowerCase()}@x.example`, name: 'New' })],
  ['make org admin', (h) => h.patch(`/api/org-admin/members/${memberId}`, { orgAdmin: true })],
  ['suspend', (h) => h.patch(`/api/org-admin/members/${memberId}`, { status: 'suspended' })],
  ['remove', (h) => h.delete(`/api/org-admin/members/${memberId}`)],
  ['read policies', (h) => h.get('/api/org-admin/policies')],
  ['set policies', (h) => h.put('/api/org-admin/policies', { guests: true, recordings: false, retentionDays: 5 })],
  ['set branding', (h) => h.put('/api/org-admin/branding', { name: 'Taken over', color: '#ff0000' })],
  ['set logo', (h) => h.put('/api/org-admin/branding/logo', { contentType: 'image/png', data: PNG })],
  ['remove logo', (h) => h.delete('/api/org-admin/branding/logo')],
  ['read audit', (h) => h.get('/api/org-admin/audit')],
  ['read access audit', (h) => h.get('/api/org-admin/access-audit')],
];

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_MAX_AGE_DAYS: String(SERVER_RETENTION_DAYS) } });
  await moot.cli(['org', 'add', 'alpha', '--name', 'Alpha', '--json']);
  await moot.cli(['org', 'add', 'beta', '--name', 'Beta', '--domain', BETA_DOMAIN, '--json']);
  aMember = await person('alpha', 'Ann');
  aAdmin = await person('alpha', 'Abe', ['--org-admin']);
  aSecondAdmin = await person('alpha', 'Ada', ['--org-admin']);
  shared = await person('alpha', 'Sam');
  await moot.cli(['org', 'add-member', 'beta', shared.email, '--json']);
  bMember = await person('beta', 'Bob');
  bAdmin = await person('beta', 'Bea', ['--org-admin']);
  operator = await person(undefined, 'Ops', ['--admin']);
  bRoomId = (await moot.cli<{ id: string }>(['room', 'add', '--owner', bMember.email, '--name', 'Beta secret board', '--org', 'beta', '--guests', 'link', '--json'])).id;
  // Something of B's in the log: B's admin at work.
  const beta = await at('/o/beta', bAdmin);
  assert.equal((await beta.patch(`/api/org-admin/members/${bMember.id}`, { orgAdmin: true })).status, 200);
  assert.equal((await beta.patch(`/api/org-admin/members/${shared.id}`, { orgAdmin: true })).status, 200);
});

after(async () => {
  await moot?.stop();
});

test("A's org admin manages A: members, an invitation, org admin rights, suspension, policies, branding and A's audit", async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const me = (await alpha.get('/api/me')).body as { orgAdmin: boolean; administers: { slug: string; url: string }[] };
  assert.equal(me.orgAdmin, true);
  assert.deepEqual(me.administers.map((o) => o.slug), ['alpha']);
  assert.equal(me.administers[0]!.url, `${moot.url}/o/alpha`);

  const members = ((await alpha.get('/api/org-admin/members')).body as { members: { email: string; orgAdmin: boolean; elsewhere: boolean }[] }).members;
  assert.deepEqual(members.map((m) => m.email).sort(), [aAdmin.email, aMember.email, aSecondAdmin.email, shared.email].sort(), "A's members and nobody else");
  assert.equal(members.find((m) => m.email === shared.email)?.elsewhere, true);

  const added = await alpha.post('/api/org-admin/members', { email: 'newcomer@alpha.example', name: 'Newcomer' });
  assert.equal(added.status, 201);
  const link = String(added.body.invitation.link);
  assert.ok(link.startsWith(`${moot.url}/o/alpha/password-reset/new?welcome#`), `without a mail server the link comes back to pass on, at the organization's address: ${link}`);
  const newcomer = added.body.member.id as string;
  const invited = new HttpClient(`${moot.url}/o/alpha`);
  const chosen = randomPassword();
  assert.equal((await invited.post('/api/password-reset/complete', { token: link.split('#')[1], password: chosen })).status, 200);
  assert.equal(((await invited.get('/api/me')).body as { user: { email: string } | null }).user?.email, 'newcomer@alpha.example', 'the link signs the newcomer in at the organization');
  assert.equal((await alpha.patch(`/api/org-admin/members/${newcomer}`, { orgAdmin: true })).body.member.orgAdmin, true);
  assert.equal((await alpha.patch(`/api/org-admin/members/${newcomer}`, { orgAdmin: false })).body.member.orgAdmin, false);
  assert.equal((await alpha.patch(`/api/org-admin/members/${newcomer}`, { status: 'suspended' })).body.member.status, 'suspended');
  assert.equal((await alpha.patch(`/api/org-admin/members/${newcomer}`, { status: 'active' })).body.member.status, 'active');
  assert.equal((await alpha.delete(`/api/org-admin/members/${newcomer}`)).status, 204);
  assert.equal((await alpha.patch(`/api/org-admin/members/${newcomer}`, { orgAdmin: true })).status, 404, 'gone from the organization');

  const policies = await alpha.put('/api/org-admin/policies', { guests: false, recordings: false, retentionDays: 30 });
  assert.deepEqual(policies.body, { guests: false, recordings: false, retentionDays: 30, serverRetentionDays: SERVER_RETENTION_DAYS });
  const tooLong = await alpha.put('/api/org-admin/policies', { guests: false, recordings: true, retentionDays: SERVER_RETENTION_DAYS + 1 });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.body.error.details.join(' '), /retention days: at most 90, the server's own limit/);

  assert.equal((await alpha.put('/api/org-admin/branding', { color: '#1A7F5A' })).body.color, '#1a7f5a');
  const logo = await alpha.put('/api/org-admin/branding/logo', { contentType: 'image/png', data: PNG });
  assert.equal(logo.status, 200);
  const branding = (await new HttpClient(`${moot.url}/o/alpha`).get('/api/org')).body as Record<string, unknown>;
  assert.deepEqual(Object.keys(branding).sort(), ['color', 'logoUrl', 'name'], 'the public branding says nothing else');
  assert.equal(branding.name, 'Alpha');
  assert.equal(branding.color, '#1a7f5a');
  const image = await new HttpClient(`${moot.url}/o/alpha`).get(String(branding.logoUrl));
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.equal(image.headers.get('x-content-type-options'), 'nosniff');

  const log = (await alpha.get('/api/org-admin/audit')).body as { entries: { actor: string; action: string; target: string | null }[]; actions: string[] };
  for (const action of ['user.create', 'org.admin-grant', 'org.admin-revoke', 'account.suspend', 'account.reactivate', 'org.member-remove', 'org.policies', 'org.branding', 'org.logo']) {
    assert.ok(log.entries.some((e) => e.action === action && e.actor === aAdmin.email), `A's audit shows ${action} by A's admin`);
  }
});

test('a logo that is not the image it claims to be is refused, and SVG is not accepted at all', async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
  const fake = await alpha.put('/api/org-admin/branding/logo', { contentType: 'image/png', data: html });
  assert.equal(fake.status, 400);
  assert.deepEqual(fake.body.error.details, ['the file is not a PNG image']);
  const svg = await alpha.put('/api/org-admin/branding/logo', { contentType: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') });
  assert.equal(svg.status, 400);
  const huge = await alpha.put('/api/org-admin/branding/logo', { contentType: 'image/png', data: Buffer.alloc(150 * 1024, 1).toString('base64') });
  assert.equal(huge.status, 400);
  assert.equal((await alpha.put('/api/org-admin/branding', { color: 'red' })).status, 400);
});

test('a plain member of A gets 403 with a readable reason from every org-admin route, and nothing changes', async () => {
  const alpha = await at('/o/alpha', aMember);
  for (const [what, call] of orgAdminCalls(aSecondAdmin.id)) {
    const answer = await call(alpha);
    assert.equal(answer.status, 403, what);
    assert.equal(answer.body.error.message, errorMessages.forbidden, what);
    assert.deepEqual(answer.body.error.details, ["only this organization's administrators may do this"], what);
  }
  assert.equal(((await alpha.get('/api/me')).body as { orgAdmin: boolean }).orgAdmin, false);
  const admins = ((await (await at('/o/alpha', aAdmin)).get('/api/org-admin/members')).body as { members: { email: string; orgAdmin: boolean }[] }).members;
  assert.equal(admins.find((m) => m.email === aSecondAdmin.email)?.orgAdmin, true, 'the other admin is still an admin');
});

test("A's org admin finds B's members by id exactly as accounts that do not exist", async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const unknown = 'AnoSuchAccount00000000';
  for (const target of [bMember.id, bAdmin.id]) {
    for (const [what, body] of [['make org admin', { orgAdmin: true }], ['suspend', { status: 'suspended' }]] as const) {
      same(`${what} B's member`, await alpha.patch(`/api/org-admin/members/${target}`, body), await alpha.patch(`/api/org-admin/members/${unknown}`, body));
    }
    same("remove B's member", await alpha.delete(`/api/org-admin/members/${target}`), await alpha.delete(`/api/org-admin/members/${unknown}`));
  }
  const beta = await at('/o/beta', bAdmin);
  const bPeople = ((await beta.get('/api/org-admin/members')).body as { members: { email: string; status: string }[] }).members;
  assert.equal(bPeople.find((m) => m.email === bMember.email)?.status, 'active', "B's member is untouched");
});

test("at B's URL and through B's domain A's org admin is nobody: the same answer as an organization that does not exist", async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const atBeta = carried(alpha, '/o/beta');
  const atNowhere = carried(alpha, '/o/nosuch');
  for (const [what, call] of orgAdminCalls(bMember.id)) {
    const there = await call(atBeta);
    assert.equal(there.status, 401, what);
    same(`${what} at /o/beta/`, there, await call(atNowhere));
  }
  const cookie = alpha.cookieHeader();
  for (const [method, path, json] of [
    ['GET', '/api/org-admin/members', undefined],
    ['GET', '/api/org-admin/audit', undefined],
    ['PUT', '/api/org-admin/branding', { name: 'Taken over' }],
    ['PATCH', `/api/org-admin/members/${bMember.id}`, { status: 'suspended' }],
  ] as const) {
    same(`${method} ${path} through B's domain`, await viaDomain(BETA_DOMAIN, method, path, cookie, json), await requestAt(atNowhere, method, path, json));
  }
  const branding = (await new HttpClient(`${moot.url}/o/beta`).get('/api/org')).body as { name: string; color: string | null; logoUrl: string | null };
  assert.deepEqual(branding, { name: 'Beta', color: null, logoUrl: null }, "B's branding is as B left it");
});

function requestAt(http: HttpClient, method: string, path: string, json: unknown): Promise<HttpResponse> {
  return http.request(method, path, json === undefined ? {} : { json });
}

test("A's audit log and access audit name nothing of B, even about a person both organizations share", async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const log = await alpha.get('/api/org-admin/audit?limit=1000');
  assert.equal(log.status, 200);
  for (const secret of [bMember.email, bAdmin.email, bRoomId, 'beta']) assert.ok(!log.text.includes(secret), `A's audit does not mention ${secret}`);
  assert.ok(!log.body.entries.some((e: { target: string | null; action: string }) => e.target === shared.email && e.action === 'org.admin-grant'), "B making the shared person its admin is B's business");
  const access = await alpha.get('/api/org-admin/access-audit');
  assert.equal(access.status, 200);
  for (const secret of [bMember.email, bAdmin.email, operator.email]) assert.ok(!access.text.includes(secret), `A's access audit does not mention ${secret}`);
  assert.deepEqual(access.body.admins.map((a: { email: string }) => a.email).sort(), [aAdmin.email, aSecondAdmin.email].sort(), "A's administrators are its org admins");
});

test('an org admin cannot make themselves operator, change their own standing, touch an operator, or suspend a person another organization shares', async () => {
  const alpha = await at('/o/alpha', aAdmin);
  const viaAdminRoute = await alpha.patch(`/api/admin/users/${aAdmin.id}`, { role: 'admin' });
  assert.equal(viaAdminRoute.status, 403);
  const viaOrgRoute = await alpha.patch(`/api/org-admin/members/${aAdmin.id}`, { role: 'admin' });
  assert.equal(viaOrgRoute.status, 400, 'the body has no role to give');
  assert.match(viaOrgRoute.body.error.details.join(' '), /role/);
  const ownStanding = await alpha.patch(`/api/org-admin/members/${aAdmin.id}`, { orgAdmin: false });
  assert.equal(ownStanding.status, 403);
  assert.match(ownStanding.body.error.details[0], /not on your own account/);
  assert.equal(((await alpha.get('/api/me')).body as { user: { role: string } }).user.role, 'member', 'still a member of the server');
  const sharedSuspend = await alpha.patch(`/api/org-admin/members/${shared.id}`, { status: 'suspended' });
  assert.equal(sharedSuspend.status, 403);
  assert.match(sharedSuspend.body.error.details[0], /only the operator may suspend it/);
  await moot.cli(['org', 'add-member', 'alpha', operator.email, '--json']);
  const onOperator = await alpha.patch(`/api/org-admin/members/${operator.id}`, { status: 'suspended' });
  assert.equal(onOperator.status, 403);
  assert.match(onOperator.body.error.details[0], /operators only/);
  await moot.cli(['org', 'remove-member', 'alpha', operator.email, '--json']);
});

test("guests follow each organization's own policy: B lets them in, A keeps them out", async () => {
  const beta = await at('/o/beta', bAdmin);
  assert.equal((await beta.put('/api/org-admin/policies', { guests: true, recordings: true, retentionDays: null })).status, 200);
  const alphaRoom = (await moot.cli<{ id: string }>(['room', 'add', '--owner', aMember.email, '--name', 'Alpha open', '--org', 'alpha', '--guests', 'link', '--json'])).id;
  const guestAtBeta = await new HttpClient(`${moot.url}/o/beta`).get(`/api/rooms/${bRoomId}/entry`);
  assert.equal(guestAtBeta.body.refusal, null);
  const guestAtAlpha = await new HttpClient(`${moot.url}/o/alpha`).get(`/api/rooms/${alphaRoom}/entry`);
  assert.equal(guestAtAlpha.body.refusal, 'guests-disabled');
  assert.equal(((await new HttpClient(moot.url).get('/api/me')).body as { settings: { guests: boolean } }).settings.guests, false, "the operator's organization keeps its own setting");
});

test("the operator's view lists every organization with counts only, for operators only", async () => {
  const main = await at('', operator);
  const answer = await main.get('/api/operator/organizations');
  assert.equal(answer.status, 200);
  const organizations = answer.body.organizations as { slug: string; usage: Record<string, number> }[];
  assert.deepEqual(organizations.map((o) => o.slug), ['main', 'alpha', 'beta']);
  const beta = organizations.find((o) => o.slug === 'beta')!;
  assert.deepEqual(beta.usage, { members: 3, rooms: 1, recordingBytes: 0, liveMeetings: 0, liveParticipants: 0 });
  for (const secret of ['Beta secret board', bRoomId, bMember.email, bAdmin.email, shared.email, aMember.email]) {
    assert.ok(!answer.text.includes(secret), `the operator's view does not show ${secret}`);
  }
  assert.equal((await (await at('/o/alpha', aAdmin)).get('/api/operator/organizations')).status, 403, 'an org admin is no operator');
  assert.equal((await carried(main, '/o/beta').get('/api/operator/organizations')).status, 401, "at B's address the operator is nobody");
});

test("the operator sets an organization's policies and branding with moot org set, within the same limits", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-logo-'));
  try {
    const png = join(dir, 'logo.png');
    const svg = join(dir, 'logo.svg');
    writeFileSync(png, Buffer.from(PNG, 'base64'));
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const set = await moot.cli<{ settings: { color: string; recordings: boolean; retentionDays: number; logoVersion: string | null } }>(
      ['org', 'set', 'beta', '--color', '#334455', '--logo', png, '--recordings', 'no', '--retention-days', '14', '--json'],
    );
    assert.deepEqual([set.settings.color, set.settings.recordings, set.settings.retentionDays], ['#334455', false, 14]);
    assert.ok(set.settings.logoVersion);
    const branding = (await new HttpClient(`${moot.url}/o/beta`).get('/api/org')).body as { color: string; logoUrl: string };
    assert.equal(branding.color, '#334455');
    assert.equal((await new HttpClient(`${moot.url}/o/beta`).get(branding.logoUrl)).headers.get('content-type'), 'image/png');
    for (const [args, reason] of [
      [['--logo', svg], /a PNG, JPEG or WebP image/],
      [['--retention-days', String(SERVER_RETENTION_DAYS + 1)], /at most 90/],
      [['--color', 'blue'], /a colour such as/],
    ] as const) {
      const result = await moot.cliRaw(['org', 'set', 'beta', ...args, '--json']);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stdout + result.stderr, reason);
    }
    const log = (await (await at('/o/beta', bAdmin)).get('/api/org-admin/audit')).body as { entries: { actor: string; action: string }[] };
    assert.ok(log.entries.some((e) => e.action === 'org.logo' && e.actor.startsWith('cli:')), "B's admins read what the operator changed");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
