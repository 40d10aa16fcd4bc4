// Single sign-on through a real SAML 2.0 IdP (samlify in its own process), in Chromium: the
// redirect/POST flow creates the account linked by NameID and IdP entity id, a second sign-in
// lands in it again, the IdP's group makes an administrator, and single logout works both ways.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { ssoRoutes } from '../../packages/protocol/src/sso.ts';
import { test } from '../helpers/diagnostics.ts';
import type { Moot } from '../helpers/moot.ts';
import { freePort } from '../helpers/ports.ts';
import { startSamlIdp, type TestSamlIdp } from '../helpers/saml-idp.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const users = {
  erin: { email: 'erin.saml@example.test', name: 'Erin Saml', groups: ['staff', 'moot-admins'] },
  frank: { email: 'frank.saml@example.test', name: 'Frank Saml', groups: ['staff'] },
};

let moot: Moot;
let idp: TestSamlIdp;
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  const port = await freePort();
  idp = await startSamlIdp({ mootUrl: `http://127.0.0.1:${port}`, adminGroup: 'moot-admins', users });
  moot = await suite.start({ PORT: String(port), ...idp.env });
});

after(async () => {
  await idp?.stop();
});

const me = (page: Page) => page.evaluate(() => fetch('/api/me').then((r) => r.json()).then((m) => m.user as { id: string; email: string; name: string; role: string } | null));
const atMoot = (page: Page, path: (p: string) => boolean) =>
  waitFor(() => page.url().startsWith(moot.url) && path(new URL(page.url()).pathname), { timeoutMs: 30_000, message: `back at moot (${page.url()})` });

/** The button on moot's sign-in page, the IdP's login form, its answer posted back to moot. */
async function signInAtIdp(page: Page, login: string, next = '/'): Promise<void> {
  await page.goto(`${moot.url}/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: 'Sign in with Corp SAML' }).click();
  await loginAtIdp(page, login);
}

async function loginAtIdp(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === idp.url);
  await page.getByLabel('Login').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await atMoot(page, (path) => !path.startsWith('/api/') && path !== '/signin');
}

test('signing in through the SAML IdP creates the account linked by NameID and IdP entity id; a second sign-in lands in the same account', { timeout: 180_000 }, async () => {
  const first = await browsers.newParticipant('first sign-in');
  const second = await browsers.newParticipant('second sign-in');
  try {
    await signInAtIdp(first.page, 'frank');
    const created = await me(first.page);
    assert.deepEqual({ email: created?.email, name: created?.name, role: created?.role }, { email: users.frank.email, name: users.frank.name, role: 'member' });
    const log = await moot.cli<{ action: string; target: string; details: Record<string, string> | null }[]>(['audit', 'log', '--json']);
    const creation = log.find((e) => e.action === 'sso.account-created' && e.target === users.frank.email);
    assert.deepEqual(creation?.details, { provider: 'corp-saml', issuer: idp.entityId, subject: 'frank', organization: 'main' }, "the account's creation is audited in the operator's organization");

    await signInAtIdp(second.page, 'frank');
    assert.equal((await me(second.page))?.id, created!.id, 'the same account, found by NameID and IdP');
    const accounts = await moot.cli<{ email: string }[]>(['user', 'list', '--json']);
    assert.equal(accounts.filter((a) => a.email === users.frank.email).length, 1, 'no second account');
  } finally {
    await first.close();
    await second.close();
  }
});

test("the IdP's admin group attribute makes the person a moot administrator", { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('admin');
  try {
    await signInAtIdp(p.page, 'erin');
    assert.equal((await me(p.page))?.role, 'admin');
  } finally {
    await p.close();
  }
});

test("signing out of moot signs out at the IdP too (single logout) and comes back to moot's sign-in page", { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('sign-out');
  try {
    await signInAtIdp(p.page, 'frank');
    await p.page.getByRole('button', { name: /^Account:/ }).click();
    // The IdP's answer, posted back through the browser, ends the round trip.
    const idpAnswer = p.page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${moot.url}${ssoRoutes.samlLogout('corp-saml')}`, { timeout: 30_000 });
    await p.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    assert.equal((await idpAnswer).headers().location, '/signin', 'the IdP answered moot\'s logout request');
    await atMoot(p.page, (path) => path === '/signin');
    await p.page.waitForLoadState();
    assert.equal(await me(p.page), null);
    // The IdP's session is over too: the next sign-in asks who is signing in.
    await p.page.getByRole('link', { name: 'Sign in with Corp SAML' }).click();
    await p.page.waitForURL((url) => url.origin === idp.url);
    assert.ok(await p.page.getByLabel('Login').isVisible(), 'the IdP asks who is signing in');
  } finally {
    await p.close();
  }
});

test('signing out at the IdP (its logout request) ends the moot session', { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('idp sign-out');
  try {
    await signInAtIdp(p.page, 'frank');
    const idpTab = await p.context.newPage();
    await idpTab.goto(`${idp.url}/logout`);
    await idpTab.getByText('You are signed out.').waitFor({ timeout: 30_000 });
    assert.equal(await me(p.page), null, 'the moot session has ended');
  } finally {
    await p.close();
  }
});

test('an administrator signed in through the IdP confirms a change with "Confirm with Corp SAML": the IdP asks for the login again (ForceAuthn); someone else\'s login there is refused and the dialog says why', { timeout: 180_000 }, async () => {
  const p = await browsers.newParticipant('confirm');
  try {
    await signInAtIdp(p.page, 'erin', '/admin');
    const erin = (await me(p.page))!;
    const guests = p.page.getByLabel('Guests allowed on this server');
    await guests.waitFor();
    // As if the sign-in were long ago: administrators' changes now ask again.
    const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
    db.prepare("update sessions set confirmed_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(erin.id);
    db.close();

    await guests.click();
    const dialog = p.page.getByRole('dialog', { name: 'Confirm your password' });
    // Someone else's login at the IdP confirms nothing, and the dialog says why when asked again.
    await dialog.getByRole('link', { name: 'Confirm with Corp SAML' }).click();
    await loginAtIdp(p.page, 'frank');
    await atMoot(p.page, (path) => path === '/admin');
    assert.equal(new URL(p.page.url()).searchParams.get('sso_error'), 'sso-not-same-person');
    await guests.click();
    await dialog.getByRole('alert').filter({ hasText: 'You signed in at the sign-in service as someone else' }).waitFor();

    await dialog.getByRole('link', { name: 'Confirm with Corp SAML' }).click();
    // The IdP has a session, yet shows its login form: moot asked for a fresh login.
    await loginAtIdp(p.page, 'erin');
    await atMoot(p.page, (path) => path === '/admin' && !p.page.url().includes('sso_error'));
    const log = await moot.cli<{ action: string; target: string; details: Record<string, unknown> | null }[]>(['audit', 'log', '--json']);
    assert.deepEqual(log.find((e) => e.action === 'session.confirm' && e.target === users.erin.email)?.details, { provider: 'corp-saml' });

    const before = await guests.isChecked();
    await guests.click();
    await p.page.getByRole('status').filter({ hasText: /^Guests are/ }).waitFor();
    assert.equal(await guests.isChecked(), !before, 'the change went through without another question');
  } finally {
    await p.close();
  }
});
