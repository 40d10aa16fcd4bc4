// Invitations through a real SMTP server: the mailed one-time link sets the password and signs in;
// a new invitation replaces the old link; the Administration API suspends, reactivates, grants and
// revokes administrator with the recent-password rule; every admin route refuses members.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addUser, randomPassword, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { startMailSink, type MailSink, type ReceivedMail } from '../helpers/smtp.ts';

let moot: Moot;
let mail: MailSink;
let admin: TestUser;
let adminHttp: HttpClient;

before(async () => {
  mail = await startMailSink();
  moot = await startMoot({ env: { MOOT_SMTP_URL: mail.url, MOOT_SMTP_FROM: 'moot <moot@example.test>' } });
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  adminHttp = new HttpClient(moot.url);
  await adminHttp.signIn(admin.email, admin.password);
});

after(async () => {
  await moot?.stop();
  await mail?.stop();
});

/** The token of the invitation link in a mail (it opens the reset form with a welcome). */
function invitationToken(received: ReceivedMail): string {
  const match = /(https?:\/\/\S+)\/password-reset\/new\?welcome#([A-Za-z0-9_-]+)/.exec(received.text);
  if (!match) throw new Error(`no invitation link in: ${received.text}`);
  assert.equal(match[1], moot.url);
  return match[2]!;
}

const setPassword = (token: string, password: string) => new HttpClient(moot.url).post('/api/password-reset/complete', { token, password });

test("an invitation is mailed, not shown; its link sets the password, signs in, and works once", async () => {
  const invited = await adminHttp.post('/api/admin/users', { email: 'nina.new@example.test', name: 'Nina New' });
  assert.equal(invited.status, 201, invited.text);
  assert.equal(invited.body.invitation.mailed, true);
  assert.equal(invited.body.invitation.link, undefined, 'a mailed link is for its owner only');
  assert.equal(invited.body.user.invited, true);
  assert.equal(invited.body.user.role, 'member');

  const received = await mail.next('nina.new@example.test');
  assert.equal(received.subject, 'Your moot account is ready');
  assert.match(received.text, /expires in 7 days/);
  const token = invitationToken(received);
  const password = randomPassword();
  const browser = new HttpClient(moot.url);
  const done = await browser.post('/api/password-reset/complete', { token, password });
  assert.equal(done.status, 200, done.text);
  assert.equal((await browser.get('/api/me')).body.user?.email, 'nina.new@example.test', 'setting the password signs in');
  await new HttpClient(moot.url).signIn('nina.new@example.test', password);
  assert.equal((await setPassword(token, randomPassword())).body.error?.code, 'invalid-reset-link', 'the link works once');

  const listed = (await adminHttp.get('/api/admin/users')).body.users.find((u: { email: string }) => u.email === 'nina.new@example.test');
  assert.equal(listed.invited, false);
  assert.ok(listed.lastSignIn);
  const again = await adminHttp.post(`/api/admin/users/${listed.id}/invitation`);
  assert.equal(again.status, 409, 'no set-password link for an account that has a password and did not ask');
  assert.equal(again.body.error.code, 'invitation-not-needed');
});

test('inviting again replaces the earlier link', async () => {
  const { user } = (await adminHttp.post('/api/admin/users', { email: 'otto.late@example.test', name: 'Otto Late' })).body;
  const first = invitationToken(await mail.next('otto.late@example.test'));
  const again = await adminHttp.post(`/api/admin/users/${user.id}/invitation`);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.invitation.mailed, true);
  const second = invitationToken(await mail.next('otto.late@example.test', 1));
  assert.notEqual(first, second);
  assert.equal((await setPassword(first, randomPassword())).status, 400, 'the first link no longer works');
  assert.equal((await setPassword(second, randomPassword())).status, 200);
});

test('an email already in use is refused and nothing is mailed', async () => {
  const member = await addUser(moot, 'Erin Exists');
  const answer = await adminHttp.post('/api/admin/users', { email: member.email, name: 'Someone Else' });
  assert.equal(answer.status, 409);
  assert.equal(answer.body.error.code, 'email-taken');
  assert.equal(mail.to(member.email).length, 0);
});

test('the administrator suspends, reactivates, grants and revokes administrator; each is audited; never on their own account', async () => {
  const member = await addUser(moot, 'Sue Subject');
  const session = new HttpClient(moot.url);
  await session.signIn(member.email, member.password);
  const change = (body: unknown) => adminHttp.patch(`/api/admin/users/${member.id}`, body);

  const suspended = await change({ status: 'suspended' });
  assert.equal(suspended.status, 200, suspended.text);
  assert.equal(suspended.body.user.status, 'suspended');
  assert.equal((await session.get('/api/me')).body.user, null, 'suspension signs out at once');
  assert.equal((await new HttpClient(moot.url).post('/api/session', { email: member.email, password: member.password })).status, 401);
  assert.equal((await change({ status: 'active' })).body.user.status, 'active');
  await session.signIn(member.email, member.password);

  assert.equal((await change({ role: 'admin' })).body.user.role, 'admin');
  assert.equal((await session.get('/api/admin/users')).status, 200, 'the new administrator reaches the admin API');
  assert.equal((await change({ role: 'member' })).body.user.role, 'member');
  assert.equal((await session.get('/api/me')).body.user, null, 'losing the role ends the sessions');

  const self = await adminHttp.patch(`/api/admin/users/${admin.id}`, { status: 'suspended' });
  assert.equal(self.status, 403);
  assert.equal((await adminHttp.patch(`/api/admin/users/${admin.id}`, { role: 'member' })).status, 403);
  assert.equal((await change({})).status, 400, 'a change names status or role');

  const log = (await adminHttp.get(`/api/admin/audit?person=${encodeURIComponent(member.email)}`)).body;
  const entries = log.entries as { action: string; actor: string; target: string; origin: string }[];
  assert.ok(entries.every((e) => e.target === member.email));
  const byAdmin = entries.filter((e) => e.actor === admin.email);
  assert.deepEqual(byAdmin.map((e) => e.action).reverse(), ['account.suspend', 'account.reactivate', 'role.grant-admin', 'role.revoke-admin']);
  assert.ok(byAdmin.every((e) => e.origin === '127.0.0.1'));
  const filtered = (await adminHttp.get('/api/admin/audit?action=account.suspend')).body.entries;
  assert.ok(filtered.length >= 1 && filtered.every((e: { action: string }) => e.action === 'account.suspend'));
  assert.ok(log.actions.includes('role.grant-admin'), 'the filter lists the actions in the log');
});

test('admin changes need a recent password', async () => {
  const member = await addUser(moot, 'Rex Recent');
  const http = new HttpClient(moot.url);
  await http.signIn(admin.email, admin.password);
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  db.prepare("update sessions set confirmed_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(admin.id);
  db.close();
  for (const answer of [
    await http.patch(`/api/admin/users/${member.id}`, { status: 'suspended' }),
    await http.post('/api/admin/users', { email: 'late.invite@example.test', name: 'Late Invite' }),
  ]) {
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error.code, 'reauth-required');
  }
  assert.equal((await http.post('/api/session/confirm', { password: admin.password })).status, 204);
  assert.equal((await http.patch(`/api/admin/users/${member.id}`, { status: 'suspended' })).status, 200);
});

test('a member calling the admin routes gets 403, the anonymous 401', async () => {
  const member = await addUser(moot, 'Mal Member');
  const victim = await addUser(moot, 'Vic Victim');
  const attacker = new HttpClient(moot.url);
  await attacker.signIn(member.email, member.password);
  const calls: [string, string, unknown?][] = [
    ['GET', '/api/admin/users'],
    ['GET', '/api/admin/mail'],
    ['POST', '/api/admin/users', { email: 'planted@example.test', name: 'Planted' }],
    ['PATCH', `/api/admin/users/${victim.id}`, { status: 'suspended' }],
    ['PATCH', `/api/admin/users/${member.id}`, { role: 'admin' }],
    ['POST', `/api/admin/users/${victim.id}/invitation`],
    ['GET', '/api/admin/audit'],
  ];
  for (const [method, path, json] of calls) {
    const options = json === undefined ? {} : { json };
    assert.equal((await attacker.request(method, path, options)).status, 403, `${method} ${path} as a member`);
    assert.equal((await new HttpClient(moot.url).request(method, path, options)).status, 401, `${method} ${path} anonymously`);
  }
  assert.equal((await attacker.get('/api/me')).body.user.role, 'member', 'still a member');
  const users = (await adminHttp.get('/api/admin/users')).body.users as { email: string; status: string }[];
  assert.equal(users.find((u) => u.email === victim.email)?.status, 'active');
  assert.ok(!users.some((u) => u.email === 'planted@example.test'));
  assert.equal(mail.to(victim.email).length, 0);
});
