// An organization's admin in the browser, at the organization's /o/<slug>/ address: the header
// leads to the Organization page, with its sign-in settings; a new accent colour reaches the page's buttons at once and every
// later visit of the organization's pages, and not the operator's; a person added by hand gets a
// one-time link to pass on (no mail server here) and is a member of that organization only.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

let moot: Moot;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const admin = { email: 'olga@alpha.example', password: randomPassword() };

before(async () => {
  moot = await suite.start();
  await moot.cli(['org', 'add', 'alpha', '--name', 'Alpha Partners', '--json']);
  await moot.cli(['user', 'add', admin.email, '--name', 'Olga Orgadmin', '--org', 'alpha', '--org-admin', '--password-stdin', '--json'], `${admin.password}\n`);
});

/** The colour a primary button is painted with, as the browser computed it. */
const primaryBackground = (page: import('playwright-core').Page) =>
  page.locator('button.primary').first().evaluate((button) => getComputedStyle(button).backgroundColor);

test("an org admin sets the organization's accent colour and adds a member from the Organization page", { timeout: 150_000 }, async () => {
  const tab = await browsers.newParticipant('org admin');
  try {
    const alpha = `${moot.url}/o/alpha`;
    await signIn(tab.page, alpha, admin.email, admin.password);
    await tab.page.getByRole('link', { name: 'Organization', exact: true }).click();
    await tab.page.getByRole('heading', { name: 'Organization: Alpha Partners' }).waitFor();
    assert.equal(new URL(tab.page.url()).pathname, '/o/alpha/organization');
    await tab.page.getByRole('heading', { name: 'Sign-in and directory' }).waitFor();

    const branding = tab.page.getByRole('region', { name: 'Name, logo and colour' });
    await branding.getByLabel("Use moot’s colour").uncheck();
    await branding.getByLabel('Accent colour').fill('#1a7f5a');
    await branding.getByRole('button', { name: 'Save' }).click();
    await tab.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal(await primaryBackground(tab.page), 'rgb(26, 127, 90)', "the page's buttons take the colour at once");
    assert.equal(await tab.page.getByRole('link', { name: 'Alpha Partners' }).count(), 1, "the header shows the organization's name");

    const members = tab.page.getByRole('region', { name: 'Members' });
    await members.getByRole('textbox', { name: 'Email' }).fill('nina.new@alpha.example');
    await members.getByRole('textbox', { name: 'Name' }).fill('Nina New');
    await members.getByRole('button', { name: 'Invite' }).click();
    const passOn = tab.page.getByRole('dialog', { name: 'Set-password link for Nina New' });
    await passOn.waitFor();
    assert.match(await passOn.getByRole('textbox').inputValue(), /\/password-reset\/new\?welcome#[A-Za-z0-9_-]+$/);
    await passOn.getByRole('button', { name: 'Done' }).click();
    assert.match(await members.getByRole('row').filter({ hasText: 'nina.new@alpha.example' }).innerText(), /Invited, no password yet/);

    await tab.page.goto(`${alpha}/`);
    await tab.page.getByRole('heading', { name: 'Your rooms' }).waitFor();
    await tab.page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() === '#1a7f5a');
    await tab.page.goto(`${moot.url}/signin`);
    await tab.page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.notEqual(await primaryBackground(tab.page), 'rgb(26, 127, 90)', "the operator's organization keeps moot's colour");
  } finally {
    await tab.close();
  }
  const users = await moot.cli<{ email: string; organizations: string[] }[]>(['user', 'list', '--json']);
  assert.deepEqual(users.find((u) => u.email === 'nina.new@alpha.example')?.organizations, ['alpha'], 'the new member is in this organization only');
  const anonymous = await new HttpClient(`${moot.url}/o/alpha`).get('/api/org');
  assert.deepEqual(anonymous.body, { name: 'Alpha Partners', color: '#1a7f5a', logoUrl: null });
});
