// Single sign-on through a real OpenID provider (oidc-provider in its own process), in Chromium:
// the redirect flow creates the account, a second sign-in finds it again, the provider's group
// makes an administrator, and the provider's sign-out reaches moot both ways.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { waitInMeeting } from '../helpers/browser.ts';
import { addRoom } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';
import { freePort } from '../helpers/ports.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const users = {
  alice: { email: 'alice.sso@example.test', emailVerified: true, name: 'Alice Sso', groups: ['staff', 'moot-admins'] },
  bob: { email: 'bob.sso@example.test', emailVerified: true, name: 'Bob Sso', groups: ['staff'] },
};

let moot: Moot;
let provider: TestOidcProvider;
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  const port = await freePort();
  provider = await startOidcProvider({ mootUrl: `http://127.0.0.1:${port}`, adminGroup: 'moot-admins', users });
  moot = await suite.start({ PORT: String(port), ...provider.env });
});

after(async () => {
  await provider?.stop();
});

const me = (page: Page) => page.evaluate(() => fetch('/api/me').then((r) => r.json()).then((m) => m.user as { id: string; email: string; name: string; role: string } | null));
const atMoot = (page: Page, path: (p: string) => boolean) =>
  waitFor(() => page.url().startsWith(moot.url) && path(new URL(page.url()).pathname), { timeoutMs: 20_000, message: `back at moot (${page.url()})` });

/** The button on moot's sign-in page, the provider's login form (and its consent), back to moot. */
async function signInAtProvider(page: Page, login: string, next = '/'): Promise<void> {
  await page.goto(`${moot.url}/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
  await loginAtProvider(page, login);
}

/** The provider's login form (and its consent), back to moot. */
async function loginAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  await waitFor(async () => page.url().startsWith(moot.url) || ((await consent.isVisible()) && (await consent.click(), false)), { timeoutMs: 20_000, message: 'consent or moot' });
  await atMoot(page, (path) => !path.startsWith('/api/') && path !== '/signin');
}

test('signing in through the OpenID provider creates the account from its claims; a second sign-in finds the same account', { timeout: 120_000 }, async () => {
  const first = await browsers.newParticipant('first sign-in');
  const second = await browsers.newParticipant('second sign-in');
  try {
    await signInAtProvider(first.page, 'bob');
    const created = await me(first.page);
    assert.deepEqual({ email: created?.email, name: created?.name, role: created?.role }, { email: users.bob.email, name: users.bob.name, role: 'member' });

    await signInAtProvider(second.page, 'bob');
    assert.equal((await me(second.page))?.id, created!.id, 'the same account, linked by issuer and subject');
    const accounts = await moot.cli<{ email: string }[]>(['user', 'list', '--json']);
    assert.equal(accounts.filter((a) => a.email === users.bob.email).length, 1, 'no second account');
  } finally {
    await first.close();
    await second.close();
  }
});

test("the provider's admin group makes the person a moot administrator", { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('admin');
  try {
    await signInAtProvider(p.page, 'alice');
    assert.equal((await me(p.page))?.role, 'admin');
  } finally {
    await p.close();
  }
});

test("signing out at the provider (back-channel logout) ends the moot session and takes the person out of a meeting", { timeout: 180_000 }, async () => {
  const p = await browsers.newParticipant('back-channel');
  try {
    await signInAtProvider(p.page, 'bob');
    const bob = (await me(p.page))!;
    const room = await addRoom(moot, { ...bob, role: 'member', password: '' }, 'Bob SSO room');
    await p.page.goto(`${moot.url}/r/${room.id}`);
    await p.page.getByRole('button', { name: 'Join' }).click();
    await waitInMeeting(p.page);

    const providerTab = await p.context.newPage();
    await providerTab.goto(`${provider.issuer}/session/end`);
    await providerTab.getByRole('button', { name: 'Yes, sign me out' }).click();
    await waitFor(async () => !(await p.page.getByRole('button', { name: 'Leave' }).isVisible()), { timeoutMs: 20_000, message: 'the meeting page to leave the meeting' });
    assert.equal(await me(p.page), null, 'the moot session has ended');
  } finally {
    await p.close();
  }
});

test("signing out of moot signs out at the provider too (RP-initiated logout) and comes back to moot's sign-in page", { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('sign-out');
  try {
    await signInAtProvider(p.page, 'bob');
    await p.page.getByRole('button', { name: /^Account:/ }).click();
    await p.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await p.page.waitForURL((url) => url.origin === provider.issuer);
    await p.page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await atMoot(p.page, (path) => path === '/signin');
    assert.equal(await me(p.page), null);
    // The provider's session is over too: the next sign-in asks for the login again.
    await p.page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
    await p.page.waitForURL((url) => url.origin === provider.issuer);
    assert.ok(await p.page.locator('input[name=login]').isVisible(), 'the provider asks who is signing in');
  } finally {
    await p.close();
  }
});

test("an administrator who signs in only through the provider passes the recent-authentication check with \"Confirm with Corp ID\", a fresh sign-in there", { timeout: 180_000 }, async () => {
  const p = await browsers.newParticipant('confirm');
  try {
    await signInAtProvider(p.page, 'alice', '/admin');
    const alice = (await me(p.page))!;
    const guests = p.page.getByLabel('Guests allowed on this server');
    await guests.waitFor();
    // As if the sign-in were long ago: administrators' changes now ask again.
    const db = new SQLite(join(moot.dataDir, 'moot.sqlite'));
    db.prepare("update sessions set confirmed_at = '2000-01-01T00:00:00.000Z' where user_id = ?").run(alice.id);
    db.close();

    await guests.click();
    const dialog = p.page.getByRole('dialog', { name: 'Confirm your password' });
    await dialog.getByRole('link', { name: 'Confirm with Corp ID' }).click();
    await loginAtProvider(p.page, 'alice');
    await atMoot(p.page, (path) => path === '/admin');
    const log = await moot.cli<{ action: string; target: string; details: Record<string, unknown> | null }[]>(['audit', 'log', '--json']);
    assert.deepEqual(log.find((e) => e.action === 'session.confirm')?.details, { provider: 'corp' }, 'the session was confirmed by the provider');

    const before = await guests.isChecked();
    await guests.click();
    await p.page.getByRole('status').filter({ hasText: /^Guests are/ }).waitFor();
    assert.equal(await guests.isChecked(), !before, 'the change went through');
    assert.equal(await dialog.count(), 0, 'no password asked');
  } finally {
    await p.close();
  }
});
