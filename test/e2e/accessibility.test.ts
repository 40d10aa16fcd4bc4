// axe-core's rules on the main pages (sign-in, home with its room form open, administration,
// audit): any serious or critical violation fails, with what and where.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addRoom, addUser, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let moot: Moot;
let admin: TestUser;
let member: TestUser;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  member = await addUser(moot, 'Mona Member');
  const room = await addRoom(moot, member, 'Team room', 'code', '4242');
  await addRoom(moot, admin, "Ada's room");
  await moot.cli(['room', 'moderators', room.id, '--set', admin.email, '--json']);
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now. */
async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

const describe = (v: Violation) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join('; ')}`;

/** Keeps the serious and critical findings of the page, described, and the ids of all of them. */
async function check(page: Page, label: string, found: Record<string, string[]>, ids: Record<string, string[]>): Promise<void> {
  const all = await violations(page);
  found[label] = all.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe);
  ids[label] = all.map((v) => v.id);
}

test('the sign-in, home, room form, administration and audit pages have no serious or critical axe violations', { timeout: 180_000 }, async () => {
  // The pages' CSP allows no inline script; axe is put in by the test alone.
  const p = await browsers.newParticipant('axe', { bypassCSP: true });
  const found: Record<string, string[]> = {};
  const ids: Record<string, string[]> = {};
  try {
    await p.page.goto(`${moot.url}/signin`);
    await p.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(p.page, 'sign-in', found, ids);

    await p.page.goto(`${moot.url}/password-reset`);
    await p.page.getByRole('button', { name: 'Send reset link' }).waitFor();
    await check(p.page, 'password reset', found, ids);

    await signIn(p.page, moot.url, admin.email, admin.password);
    await p.page.getByRole('heading', { name: 'Rooms you moderate' }).waitFor();
    await check(p.page, 'home', found, ids);

    await p.page.getByRole('button', { name: 'Edit' }).click();
    await p.page.locator('li.room form').waitFor();
    await check(p.page, 'room form', found, ids);

    await p.page.goto(`${moot.url}/admin`);
    await p.page.getByRole('table').waitFor();
    await check(p.page, 'administration', found, ids);

    await p.page.goto(`${moot.url}/admin/audit`);
    await p.page.getByRole('list', { name: 'Audit log entries' }).waitFor();
    await p.page.getByRole('heading', { name: 'Access audit' }).waitFor();
    await check(p.page, 'audit', found, ids);
  } finally {
    await p.close();
  }
  assert.deepEqual(found, { 'sign-in': [], 'password reset': [], home: [], 'room form': [], administration: [], audit: [] });
  assert.ok(!ids.home!.includes('heading-order'), 'the home page\'s headings go down one level at a time');
});
