// A directory sync invites the accounts it makes: each gets one mail, through a real SMTP server,
// with a one-time link on the server's public URL; accounts that existed already get none.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { ldapEnv, seedLdif } from '../helpers/directory.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { makeTempDir, runCli } from '../helpers/moot.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { startMailSink, type MailSink } from '../helpers/smtp.ts';

let slapd: Slapd;
let mail: MailSink;

before(async () => {
  [slapd, mail] = await Promise.all([startSlapd(), startMailSink()]);
  await slapd.modify(seedLdif);
});

after(async () => {
  await slapd?.stop();
  await mail?.stop();
});

test('the accounts a sync makes are mailed an invitation; existing ones are not', async () => {
  const env = { MOOT_DATA_DIR: join(makeTempDir('moot-ldap-invite-'), 'data'), MOOT_PUBLIC_URL: 'https://meet.example.test', MOOT_SMTP_URL: mail.url, ...ldapEnv(slapd) };
  await runCli(env, ['user', 'add', 'bob@example.org', '--name', 'Robert Baker', '--password-stdin', '--json'], `${randomPassword()}\n`);
  const plan = await runCli<{ changes: { action: string; email: string }[] }>(env, ['ldap', 'sync', '--json']);
  const created = plan.changes.filter((c) => c.action === 'create').map((c) => c.email);
  assert.ok(created.length >= 3, `accounts were made: ${created.join(', ')}`);
  assert.ok(!created.includes('bob@example.org'));

  for (const email of created) {
    const received = await mail.next(email);
    assert.equal(received.subject, 'Your moot account is ready');
    assert.match(received.text, /https:\/\/meet\.example\.test\/password-reset\/new\?welcome#[A-Za-z0-9_-]{20,}/);
  }
  assert.equal(mail.to('bob@example.org').length, 0, 'the existing account, now linked, gets no invitation');
  assert.equal(mail.mails.length, created.length, 'one mail per new account');

  await runCli(env, ['ldap', 'sync', '--json']);
  assert.equal(mail.mails.length, created.length, 'a second sync makes no account and mails nobody');
});
