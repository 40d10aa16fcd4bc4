// Reset links through a real SMTP server, the identical answer for unknown addresses, sessions
// that end, and every admin route refused to members and to the anonymous.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, randomPassword, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { resetLink, startMailSink, type MailSink } from '../helpers/smtp.ts';

let moot: Moot;
let mail: MailSink;
let admin: TestUser;

before(async () => {
  mail = await startMailSink();
  moot = await startMoot({ env: { MOOT_SMTP_URL: mail.url, MOOT_SMTP_FROM: 'moot <moot@example.test>' } });
  admin = await addUser(moot, 'Ada Admin', { admin: true });
});

after(async () => {
  await moot?.stop();
  await mail?.stop();
});

const tokenOf = (link: string) => link.split('#')[1]!;

async function requestReset(email: string) {
  return new HttpClient(moot.url).post('/api/password-reset', { email });
}

test('a reset link from the mail works once, signs in, and ends the old sessions', async () => {
  const member = await addUser(moot, 'Rita Reset');
  const old = new HttpClient(moot.url);
  await old.signIn(member.email, member.password);
  const answer = await requestReset(member.email);
  assert.equal(answer.status, 202);
  const received = await mail.next(member.email);
  assert.equal(received.subject, 'Set your moot password');
  const link = resetLink(received);
  assert.ok(link.startsWith(`${moot.url}/password-reset/new#`), link);
  assert.match(received.text, /expires in 60 minutes/);

  const newPassword = randomPassword();
  const browser = new HttpClient(moot.url);
  const done = await browser.post('/api/password-reset/complete', { token: tokenOf(link), password: newPassword });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.user.email, member.email);
  assert.equal((await browser.get('/api/me')).body.user?.email, member.email, 'the reset signs in');
  assert.equal((await old.get('/api/me')).body.user, null, 'the session from before the reset has ended');

  const again = await new HttpClient(moot.url).post('/api/password-reset/complete', { token: tokenOf(link), password: randomPassword() });
  assert.equal(again.status, 400);
  assert.equal(again.body.error.code, 'invalid-reset-link');
  assert.equal((await new HttpClient(moot.url).post('/api/session', { email: member.email, password: member.password })).status, 401, 'the old password is gone');
  await new HttpClient(moot.url).signIn(member.email, newPassword);
});

test('the reset mail is in the language the browser asked in', async () => {
  const member = await addUser(moot, 'Dora Deutsch');
  const answer = await new HttpClient(moot.url).post('/api/password-reset', { email: member.email }, { headers: { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' } });
  assert.equal(answer.status, 202);
  const received = await mail.next(member.email);
  assert.equal(received.subject, 'Ihr moot-Passwort festlegen');
  assert.match(received.text, /^Hallo Dora Deutsch,/);
  assert.match(received.text, /läuft in 60 Minuten ab\./);
  assert.ok(resetLink(received).startsWith(`${moot.url}/password-reset/new#`));
});

test('an expired link fails', async () => {
  const member = await addUser(moot, 'Eve Expired');
  await requestReset(member.email);
  const link = resetLink(await mail.next(member.email));
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  db.prepare("update password_resets set expires_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(member.id);
  db.close();
  const answer = await new HttpClient(moot.url).post('/api/password-reset/complete', { token: tokenOf(link), password: randomPassword() });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.error.code, 'invalid-reset-link');
});

test('the answer for an unknown address is identical, and no mail goes out', async () => {
  const member = await addUser(moot, 'Kim Known');
  const known = await requestReset(member.email);
  const unknown = await requestReset('nobody-here@example.test');
  assert.equal(unknown.status, known.status);
  assert.equal(unknown.text, known.text);
  assert.equal(unknown.headers.get('content-type'), known.headers.get('content-type'));
  await mail.next(member.email);
  assert.equal(mail.to('nobody-here@example.test').length, 0);
});

test('an address gets at most three links an hour, with the same answer after the limit', async () => {
  const member = await addUser(moot, 'Lou Limit');
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push((await requestReset(member.email)).text);
  assert.equal(new Set(answers).size, 1, 'all four answers are the same');
  await mail.next(member.email, 2);
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  const issued = db.prepare('select count(*) as n from password_resets where user_id = ?').get(member.id) as { n: number };
  db.close();
  assert.equal(issued.n, 3, 'the fourth request made no link');
});

test('a suspended member is signed out, cannot sign in, and their rooms refuse meetings', async () => {
  const member = await addUser(moot, 'Sam Suspended');
  const room = await addRoom(moot, member, 'Sam room');
  const http = new HttpClient(moot.url);
  await http.signIn(member.email, member.password);
  await moot.cli(['user', 'suspend', member.email, '--json']);
  assert.equal((await http.get('/api/me')).body.user, null);
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  const sessions = db.prepare('select count(*) as n from sessions where user_id = ?').get(member.id) as { n: number };
  db.close();
  assert.equal(sessions.n, 0, 'the sessions were deleted, not only refused');
  const signIn = await new HttpClient(moot.url).post('/api/session', { email: member.email, password: member.password });
  assert.equal(signIn.status, 401);
  const entry = await (await new HttpClient(moot.url)).get(`/api/rooms/${room.id}/entry`);
  assert.equal(entry.body.refusal, 'owner-suspended');
});

test('sign out everywhere ends every session of the account', async () => {
  const member = await addUser(moot, 'Olga Out');
  const [a, b] = [new HttpClient(moot.url), new HttpClient(moot.url)];
  await a.signIn(member.email, member.password);
  await b.signIn(member.email, member.password);
  assert.equal((await a.delete('/api/sessions')).status, 204);
  assert.equal((await b.get('/api/me')).body.user, null);
});

const adminRoutes: [string, string, unknown?][] = [
  ['GET', '/api/admin/users'],
  ['POST', '/api/admin/users', { email: 'x@example.test', name: 'X', password: 'long-enough-pw' }],
  ['GET', '/api/admin/settings'],
  ['PUT', '/api/admin/settings', { guests: true }],
  ['GET', '/api/admin/audit'],
  ['GET', '/api/admin/access-audit'],
];

test('every admin route refuses members (403) and the anonymous (401)', async () => {
  const member = await addUser(moot, 'Max Member');
  const signedIn = new HttpClient(moot.url);
  await signedIn.signIn(member.email, member.password);
  for (const [method, path, json] of adminRoutes) {
    const asMember = await signedIn.request(method, path, json === undefined ? {} : { json });
    assert.equal(asMember.status, 403, `${method} ${path} as a member`);
    const asAnonymous = await new HttpClient(moot.url).request(method, path, json === undefined ? {} : { json });
    assert.equal(asAnonymous.status, 401, `${method} ${path} anonymously`);
  }
});

test('admin writes need a recent password; the audit log records them with who and where', async () => {
  const http = new HttpClient(moot.url);
  await http.signIn(admin.email, admin.password);
  assert.equal((await http.put('/api/admin/settings', { guests: true })).status, 200, 'a fresh sign-in counts as confirmation');
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  db.prepare("update sessions set confirmed_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(admin.id);
  db.close();
  const stale = await http.put('/api/admin/settings', { guests: false });
  assert.equal(stale.status, 403);
  assert.equal(stale.body.error.code, 'reauth-required');
  assert.equal((await http.post('/api/session/confirm', { password: 'wrong-password' })).status, 401);
  assert.equal((await http.post('/api/session/confirm', { password: admin.password })).status, 204);
  assert.equal((await http.put('/api/admin/settings', { guests: false })).status, 200);
  const log = await http.get('/api/admin/audit?limit=5');
  const entry = log.body.entries.find((e: { action: string }) => e.action === 'settings.set');
  assert.equal(entry.actor, admin.email);
  assert.equal(entry.origin, '127.0.0.1');
  assert.deepEqual(entry.details, { guests: false });
  const report = await http.get('/api/admin/access-audit');
  assert.equal(report.status, 200);
  assert.ok(report.body.admins.some((a: { email: string }) => a.email === admin.email));
});
