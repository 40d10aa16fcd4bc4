// The administrators' live dashboard in Chromium: the meeting running now is listed with its
// people, the load plots are drawn (uPlot canvases), and a member is refused the page.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

let moot: Moot;
let admin: TestUser;
let member: TestUser;
let room: TestRoom;
const sockets = new Sockets();
const suite = serverWithBrowsers({ env: { MOOT_METRICS_SAMPLE_SECONDS: '1' } });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  admin = await addUser(moot, 'Ada Operator', { admin: true });
  member = await addUser(moot, 'Max Member');
  room = await addRoom(moot, member, 'Dashboard room');
});

after(() => sockets.closeAll());

test('an administrator opens the dashboard from Administration and sees the live meeting and the load plots', { timeout: 90_000 }, async () => {
  const socket = await sockets.member(moot, member);
  await socket.join({ room: room.id });
  const tab = await browsers.newParticipant('admin');
  try {
    const { page } = tab;
    await signIn(page, moot.url, admin.email, admin.password);
    await page.goto(`${moot.url}/admin`);
    await page.getByRole('link', { name: /Live dashboard/ }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '1 meeting now' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Dashboard room' });
    assert.deepEqual(await row.getByRole('cell').allInnerTexts().then((cells) => [cells[0], cells[1], cells[3]]), ['Dashboard room', '1', 'No']);
    assert.equal(await page.getByRole('status').innerText(), 'The media server (Janus) is running.');
    for (const title of ['Meetings and people', 'CPU (share of one core)', 'Memory', 'Network traffic of this machine']) {
      const figure = page.getByRole('figure').filter({ hasText: title });
      await figure.locator('canvas').waitFor();
      const size = await figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => ({ width: canvas.width, height: canvas.height }));
      assert.ok(size.width > 100 && size.height > 50, `${title}: a drawn plot, got ${JSON.stringify(size)}`);
    }
    // The caption says the latest sample in words: the meeting's one person is in it.
    await page.getByRole('figure').filter({ hasText: 'Meetings and people' }).getByText('Meetings: 1, People: 1').waitFor({ timeout: 30_000 });
  } finally {
    await tab.close();
  }
});

test('a member who opens the dashboard address is told it is not allowed', { timeout: 60_000 }, async () => {
  const tab = await browsers.newParticipant('member');
  try {
    const { page } = tab;
    await signIn(page, moot.url, member.email, member.password);
    await page.goto(`${moot.url}/admin/dashboard`);
    await page.getByRole('alert').filter({ hasText: 'You are not allowed to do that.' }).waitFor();
    assert.equal(await page.locator('canvas').count(), 0, 'no plot is drawn');
  } finally {
    await tab.close();
  }
});
