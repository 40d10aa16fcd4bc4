// The administration pages in the browser: an invitation mailed through a real SMTP server sets
// the person's password from its link; the password is asked for only when a change needs it,
// then the change goes through; suspending asks in the app's dialog; the audit log reads as
// sentences in the browser's own language with times in its language and zone, and filters by person.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addUser, randomPassword, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { startMailSink, type MailSink } from '../helpers/smtp.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let mail: MailSink;
let admin: TestUser;
const mailSink = startMailSink();
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  mail = await mailSink;
  moot = await suite.start({ MOOT_SMTP_URL: mail.url });
  admin = await addUser(moot, 'Ada Admin', { admin: true });
});

after(async () => {
  await (await mailSink.catch(() => undefined))?.stop();
});

function forgetConfirmation(userId: string): void {
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
  db.prepare("update sessions set confirmed_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(userId);
  db.close();
}

const row = (page: Page, email: string) => page.getByRole('row').filter({ hasText: email });

test('an invitation from the Administration page is mailed; its link sets the password and signs the person in', { timeout: 150_000 }, async () => {
  const adminTab = await browsers.newParticipant('admin');
  const invitee = await browsers.newParticipant('invitee');
  try {
    await signIn(adminTab.page, moot.url, admin.email, admin.password);
    await adminTab.page.goto(`${moot.url}/admin`);
    assert.equal(await adminTab.page.getByText('Confirm your password').count(), 0, 'no password card while none is needed');
    await adminTab.page.getByRole('textbox', { name: 'Email' }).fill('ivy.invited@example.test');
    await adminTab.page.getByRole('textbox', { name: 'Name' }).fill('Ivy Invited');
    await adminTab.page.getByRole('button', { name: 'Invite' }).click();
    await adminTab.page.getByRole('status').filter({ hasText: 'An invitation was mailed to ivy.invited@example.test.' }).waitFor();
    assert.match(await row(adminTab.page, 'ivy.invited@example.test').innerText(), /Invited, no password yet/);

    const link = /https?:\/\/\S+\/password-reset\/new\?welcome#[A-Za-z0-9_-]+/.exec((await mail.next('ivy.invited@example.test')).text)?.[0];
    assert.ok(link, 'the mail carries the link');
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { name: 'Welcome to moot' }).waitFor();
    const password = randomPassword();
    await invitee.page.getByLabel('Password', { exact: true }).fill(password);
    await invitee.page.getByLabel('Repeat the password').fill(password);
    await invitee.page.getByRole('button', { name: 'Set password' }).click();
    await waitFor(() => new URL(invitee.page.url()).pathname === '/', { timeoutMs: 15_000, message: 'the home page after setting the password' });
    await invitee.page.getByRole('heading', { name: 'Your rooms' }).waitFor();
    assert.equal(await invitee.page.getByRole('button', { name: 'Account: Ivy Invited' }).count(), 1, 'signed in as the invitee');
  } finally {
    await invitee.close();
    await adminTab.close();
  }
});

test('a change asks for the password only when the server needs it, then goes through; suspending asks first', { timeout: 150_000 }, async () => {
  const member = await addUser(moot, 'Stan Suspend');
  const adminTab = await browsers.newParticipant('admin changes');
  const native: string[] = [];
  adminTab.page.on('dialog', (d) => {
    native.push(d.message());
    void d.dismiss();
  });
  try {
    await signIn(adminTab.page, moot.url, admin.email, admin.password);
    await adminTab.page.goto(`${moot.url}/admin`);
    forgetConfirmation(admin.id);
    await row(adminTab.page, member.email).getByRole('button', { name: 'Suspend' }).click();
    const question = adminTab.page.getByRole('dialog', { name: 'Suspend Stan Suspend?' });
    await question.getByRole('button', { name: 'Suspend' }).click();
    const confirm = adminTab.page.getByRole('dialog', { name: 'Confirm your password' });
    await confirm.waitFor();
    await confirm.getByLabel('Your password').fill('not the password');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await confirm.getByRole('alert').waitFor();
    await confirm.getByLabel('Your password').fill(admin.password);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await adminTab.page.getByRole('status').filter({ hasText: 'Stan Suspend is suspended.' }).waitFor();
    assert.match(await row(adminTab.page, member.email).innerText(), /Suspended/);
    assert.equal(await confirm.count(), 0);

    // Confirmed now: the next change needs no password.
    await row(adminTab.page, member.email).getByRole('button', { name: 'Reactivate' }).click();
    await adminTab.page.getByRole('dialog', { name: 'Reactivate Stan Suspend?' }).getByRole('button', { name: 'Reactivate' }).click();
    await adminTab.page.getByRole('status').filter({ hasText: 'Stan Suspend can sign in again.' }).waitFor();
    assert.equal(await adminTab.page.getByRole('dialog').count(), 0);
    assert.deepEqual(native, []);
  } finally {
    await adminTab.close();
  }
});

test("the audit log reads as sentences in the browser's language (German) with its local time, and filters by person", { timeout: 150_000 }, async () => {
  const member = await addUser(moot, 'Lou Logged');
  await moot.cli(['user', 'suspend', member.email, '--json']);
  const adminTab = await browsers.newParticipant('auditor', { locale: 'de-DE', timezoneId: 'Asia/Kolkata' });
  try {
    await adminTab.page.goto(`${moot.url}/signin?next=/admin/audit`);
    await adminTab.page.getByRole('textbox', { name: 'E-Mail' }).fill(admin.email);
    await adminTab.page.getByRole('textbox', { name: 'Passwort' }).fill(admin.password);
    await adminTab.page.getByRole('button', { name: 'Anmelden' }).click();
    const entries = adminTab.page.getByRole('list', { name: 'Einträge im Prüfprotokoll' });
    await entries.waitFor();
    await adminTab.page.getByRole('searchbox', { name: 'Person' }).fill(member.email);
    await adminTab.page.getByRole('button', { name: 'Anzeigen' }).click();
    const suspended = entries.getByRole('listitem').filter({ hasText: `sperrte ${member.email}` });
    await suspended.waitFor();
    await waitFor(async () => (await entries.getByRole('listitem').count()) === 2, { message: 'only the two entries about this person' });
    const text = await suspended.innerText();
    assert.match(text, /\(auf der Kommandozeile des Servers\) sperrte /);
    assert.doesNotMatch(text, /account\.suspend|\{|Z\b/, 'no action codes, JSON or UTC stamps');
    const time = suspended.locator('time');
    const iso = await time.getAttribute('datetime');
    const expected = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Kolkata' }).format(new Date(iso!));
    assert.equal(await time.innerText(), expected);
  } finally {
    await adminTab.close();
  }
});

test('the Administration page fits a 390×844 phone: the members table scrolls inside its frame, not the page', { timeout: 120_000 }, async () => {
  await addUser(moot, 'Wanda Wideaddress-Longername');
  const p = await browsers.newParticipant('admin phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  try {
    await signIn(p.page, moot.url, admin.email, admin.password);
    await p.page.goto(`${moot.url}/admin`);
    await p.page.getByRole('table').waitFor();
    const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide`);
    const invite = await p.page.getByRole('button', { name: 'Invite' }).boundingBox();
    assert.ok(invite && invite.x >= 0 && invite.x + invite.width <= 390, `the invite button is on screen: ${JSON.stringify(invite)}`);
  } finally {
    await p.close();
  }
});
