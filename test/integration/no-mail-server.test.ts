// Without a mail server: the start-up output says so; an invitation gives the administrator the
// one-time link instead; the reset form's answer says no mail can be sent (the same for every
// address) and the administrators see who asked and can make that person a link, and only that
// person. The CLI prints room links with the public URL the server runs with.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addUser, randomPassword, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { runCli, startMoot, type Moot } from '../helpers/moot.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let admin: TestUser;
let adminHttp: HttpClient;

before(async () => {
  moot = await startMoot();
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  adminHttp = new HttpClient(moot.url);
  await adminHttp.signIn(admin.email, admin.password);
});

after(() => moot?.stop());

const tokenOf = (link: string) => /#([A-Za-z0-9_-]+)$/.exec(link)![1]!;

test('the start-up output says that no mail can be sent', async () => {
  await waitFor(() => /No mail server is configured \(MOOT_SMTP_URL\)/.test(moot.logs()), { timeoutMs: 15_000, message: 'the start-up banner' });
  const banner = moot.logs().indexOf('moot is running at');
  assert.ok(banner > moot.logs().indexOf('janus connected'), 'the banner comes after the start-up log lines');
  const status = await adminHttp.get('/api/admin/mail');
  assert.equal(status.status, 200);
  assert.equal(status.body.configured, false);
});

test('an invitation gives the administrator a one-time link that sets the password', async () => {
  const invited = await adminHttp.post('/api/admin/users', { email: 'pat.passon@example.test', name: 'Pat Passon' });
  assert.equal(invited.status, 201, invited.text);
  const { invitation } = invited.body;
  assert.equal(invitation.mailed, false);
  assert.ok(invitation.link.startsWith(`${moot.url}/password-reset/new?welcome#`), invitation.link);
  assert.ok(Date.parse(invitation.expiresAt) > Date.now() + 6 * 86_400_000);

  const password = randomPassword();
  const browser = new HttpClient(moot.url);
  assert.equal((await browser.post('/api/password-reset/complete', { token: tokenOf(invitation.link), password })).status, 200);
  assert.equal((await browser.get('/api/me')).body.user?.email, 'pat.passon@example.test');
});

test('the reset form says no mail can be sent, alike for every address; administrators may make a link only for who asked', async () => {
  const asker = await addUser(moot, 'Ann Asker');
  const bystander = await addUser(moot, 'Ben Bystander');
  const known = await new HttpClient(moot.url).post('/api/password-reset', { email: asker.email });
  const unknown = await new HttpClient(moot.url).post('/api/password-reset', { email: 'nobody-at-all@example.test' });
  assert.equal(known.status, 202);
  assert.deepEqual(known.body, { ok: true, mailConfigured: false });
  assert.equal(unknown.status, known.status);
  assert.equal(unknown.text, known.text);

  const unsent = (await adminHttp.get('/api/admin/mail')).body.unsentResets as { userId: string; email: string }[];
  assert.deepEqual(unsent.map((u) => u.email), [asker.email], 'only an existing account that asked is listed');

  const refused = await adminHttp.post(`/api/admin/users/${bystander.id}/invitation`);
  assert.equal(refused.status, 409, 'no link for an account whose owner did not ask');
  const made = await adminHttp.post(`/api/admin/users/${asker.id}/invitation`);
  assert.equal(made.status, 200, made.text);
  const password = randomPassword();
  assert.equal((await new HttpClient(moot.url).post('/api/password-reset/complete', { token: tokenOf(made.body.invitation.link), password })).status, 200);
  await new HttpClient(moot.url).signIn(asker.email, password);
});

test("the CLI prints room links with the server's public URL without the server's variables", async () => {
  const owner = await addUser(moot, 'Carl Cli');
  // Only the data folder, as an administrator's shell would have it: no MOOT_PUBLIC_URL, no PORT.
  const room = await runCli<{ url: string }>({ MOOT_DATA_DIR: moot.dataDir }, ['room', 'add', '--owner', owner.email, '--name', 'Cli room', '--json']);
  assert.ok(room.url.startsWith(`${moot.url}/r/`), room.url);
  const withEnv = await runCli<{ url: string }>({ MOOT_DATA_DIR: moot.dataDir, MOOT_PUBLIC_URL: 'https://meet.example.test' }, ['room', 'add', '--owner', owner.email, '--name', 'Env room', '--json']);
  assert.ok(withEnv.url.startsWith('https://meet.example.test/r/'), 'the environment still wins');
});
