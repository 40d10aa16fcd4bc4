// In the browser: an account without a password sets one from the mailed link and is signed in;
// a suspended member is signed out and cannot sign in; a member sees no admin page.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { errorMessages } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addUser, randomPassword } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { resetLink, startMailSink, type MailSink } from '../helpers/smtp.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let mail: MailSink;
const mailSink = startMailSink();
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  mail = await mailSink;
  moot = await suite.start({ MOOT_SMTP_URL: mail.url });
});

after(async () => {
  await (await mailSink.catch(() => undefined))?.stop();
});

test('an imported member without a password sets one from the mail and is signed in', { timeout: 120_000 }, async () => {
  // An account as an import makes it: no password at all.
  const email = 'imported.member@example.test';
  await moot.cli(['user', 'add', email, '--name', 'Ines Imported', '--json']);
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(`${moot.dataDir}/moot.sqlite`);
  db.prepare('update users set password_hash = null, password_changed_at = null where email = ?').run(email);
  db.close();

  const p = await browsers.newParticipant('imported member');
  try {
    await p.page.goto(`${moot.url}/signin`);
    await p.page.getByRole('link', { name: /Forgot your password/ }).click();
    await p.page.getByRole('textbox', { name: 'Email' }).fill(email);
    await p.page.getByRole('button', { name: 'Send reset link' }).click();
    await p.page.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();

    const link = resetLink(await mail.next(email));
    await p.page.goto(link);
    const password = randomPassword();
    await p.page.getByLabel('New password', { exact: true }).fill(password);
    await p.page.getByLabel('Repeat the new password').fill(password);
    await p.page.getByRole('button', { name: 'Set password' }).click();
    await waitFor(() => new URL(p.page.url()).pathname === '/', { timeoutMs: 15_000, message: 'the home page after the reset' });
    const me = await p.page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    assert.equal(me.user.email, email);

    // The same link a second time: refused with its message.
    await p.page.goto(link);
    await p.page.getByLabel('New password', { exact: true }).fill(password);
    await p.page.getByLabel('Repeat the new password').fill(password);
    await p.page.getByRole('button', { name: 'Set password' }).click();
    await p.page.getByRole('alert').filter({ hasText: errorMessages['invalid-reset-link'] }).waitFor();
  } finally {
    await p.close();
  }
});

test('a suspended member is signed out and cannot sign in again', { timeout: 120_000 }, async () => {
  const member = await addUser(moot, 'Sid Suspended');
  const p = await browsers.newParticipant('suspended member');
  try {
    await signIn(p.page, moot.url, member.email, member.password);
    await moot.cli(['user', 'suspend', member.email, '--json']);
    await p.page.goto(`${moot.url}/`);
    await waitFor(() => new URL(p.page.url()).pathname === '/signin', { timeoutMs: 15_000, message: 'sent to sign in' });
    await p.page.getByRole('textbox', { name: 'Email' }).fill(member.email);
    await p.page.getByRole('textbox', { name: 'Password' }).fill(member.password);
    await p.page.getByRole('button', { name: 'Sign in' }).click();
    await p.page.getByRole('alert').filter({ hasText: errorMessages['invalid-credentials'] }).waitFor();
    assert.equal(new URL(p.page.url()).pathname, '/signin');
  } finally {
    await p.close();
  }
});

test('a member reaches no admin page and no admin API', { timeout: 120_000 }, async () => {
  const member = await addUser(moot, 'Mia Member');
  const p = await browsers.newParticipant('member');
  try {
    await signIn(p.page, moot.url, member.email, member.password);
    for (const path of ['/admin', '/admin/audit']) {
      await p.page.goto(`${moot.url}${path}`);
      await p.page.getByRole('alert').filter({ hasText: errorMessages.forbidden }).waitFor();
      assert.equal(await p.page.getByRole('table').count(), 0, `${path} shows no data`);
    }
    const statuses = await p.page.evaluate(async () => {
      const calls: [string, string][] = [
        ['GET', '/api/admin/users'],
        ['GET', '/api/admin/settings'],
        ['PUT', '/api/admin/settings'],
        ['GET', '/api/admin/audit'],
        ['GET', '/api/admin/access-audit'],
      ];
      return Promise.all(
        calls.map(([method, url]) =>
          fetch(url, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{"guests":true}' }).then((r) => r.status),
        ),
      );
    });
    assert.deepEqual(statuses, [403, 403, 403, 403, 403]);
  } finally {
    await p.close();
  }
});
