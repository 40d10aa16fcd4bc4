// axe-core's rules on every page and every state of a meeting, at a desktop's and at a phone's
// size: any serious or critical violation fails, with what and where. Then what a screen reader
// hears during a meeting (its live region) and the meeting's keyboard shortcuts.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, signIn, waitInMeeting, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { chooseFromMore } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof SIZES;

let moot: Moot;
let admin: TestUser;
let member: TestUser;
/** A room of the administrator's for each meeting test, so no test meets people another one left behind. */
const rooms: Record<Size | 'events', TestRoom> = {} as Record<Size | 'events', TestRoom>;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  member = await addUser(moot, 'Mona Member');
  const room = await addRoom(moot, member, 'Team room', 'code', '4242');
  for (const name of ['desktop', 'phone', 'events'] as const) rooms[name] = await addRoom(moot, admin, `Ada's ${name} room`);
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

/** The serious and critical findings of each state checked, described, and the ids of all findings. */
class Findings {
  readonly serious: Record<string, string[]> = {};
  readonly ids: Record<string, string[]> = {};

  async check(page: Page, label: string): Promise<void> {
    const all = await violations(page);
    this.serious[label] = all.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe);
    this.ids[label] = all.map((v) => v.id);
  }

  /** Every state checked, each with no serious or critical finding. */
  assertClean(labels: string[]): void {
    assert.deepEqual(this.serious, Object.fromEntries(labels.map((label) => [label, []])));
  }
}

/** A page for the axe checks: the pages' CSP allows no inline script, so axe is put in by the test alone. */
const axePage = (label: string, size: Size) => browsers.newParticipant(label, { bypassCSP: true, viewport: SIZES[size] });

for (const size of Object.keys(SIZES) as Size[]) {
  test(`at ${size} size, the sign-in, password reset, home, room form, administration, audit, dashboard and recordings pages have no serious or critical axe violations`, { timeout: 180_000 }, async () => {
    const p = await axePage(`pages ${size}`, size);
    const findings = new Findings();
    try {
      const { page } = p;
      await page.goto(`${moot.url}/signin`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await findings.check(page, 'sign-in');

      await page.goto(`${moot.url}/password-reset`);
      await page.getByRole('button', { name: 'Send reset link' }).waitFor();
      await findings.check(page, 'password reset');

      await signIn(page, moot.url, admin.email, admin.password);
      await page.getByRole('heading', { name: 'Rooms you moderate' }).waitFor();
      await findings.check(page, 'home');

      await page.getByRole('button', { name: 'Edit' }).first().click();
      await page.locator('li.room form').waitFor();
      await findings.check(page, 'room form');

      await page.goto(`${moot.url}/admin`);
      await page.getByRole('table').waitFor();
      await findings.check(page, 'administration');

      await page.goto(`${moot.url}/admin/audit`);
      await page.getByRole('list', { name: 'Audit log entries' }).waitFor();
      await page.getByRole('heading', { name: 'Access audit' }).waitFor();
      await findings.check(page, 'audit');

      await page.goto(`${moot.url}/admin/dashboard`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await findings.check(page, 'dashboard');

      await page.goto(`${moot.url}/recordings`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await findings.check(page, 'recordings');
    } finally {
      await p.close();
    }
    findings.assertClean(['sign-in', 'password reset', 'home', 'room form', 'administration', 'audit', 'dashboard', 'recordings']);
    assert.ok(!findings.ids.home!.includes('heading-order'), "the home page's headings go down one level at a time");
  });

  test(`at ${size} size, every meeting state has no serious or critical axe violations: pre-join, grid, speaker view, people, chat, the More menu, each dialog, the whiteboard, the notes, slides, polls and breakout rooms (the moderator's and a participant's), then the live dashboard`, { timeout: 360_000 }, async () => {
    const phone = size === 'phone';
    const p = await axePage(`meeting ${size}`, size);
    let other: Participant | undefined;
    const findings = new Findings();
    try {
      const { page } = p;
      await signIn(page, moot.url, admin.email, admin.password);
      await page.goto(`${moot.url}/r/${rooms[size].id}`);
      await page.getByRole('button', { name: 'Join', exact: true }).waitFor();
      await findings.check(page, 'pre-join');

      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await waitInMeeting(page);
      // Mona's page is checked too, for what a participant sees of slides, polls and breakout rooms.
      other = await memberInMeeting(browsers, moot.url, member, rooms[size].id, `other ${size}`, { bypassCSP: true, viewport: SIZES[size] });
      const mona = other.page;
      await participantId(page, 'Mona Member');
      await page.locator('video[data-participant-id]').first().waitFor();
      await findings.check(page, 'grid');

      if (phone) await chooseFromMore(page, 'Speaker view');
      else await page.getByRole('button', { name: 'Speaker view', exact: true }).click();
      await page.locator('.speaker-view').waitFor();
      await findings.check(page, 'speaker view');

      if (phone) await page.getByRole('button', { name: 'Participants', exact: true }).click();
      await page.getByRole('heading', { name: /^People/ }).waitFor();
      await findings.check(page, 'people');

      if (phone) await page.getByRole('button', { name: 'Chat', exact: true }).click();
      await page.getByRole('textbox', { name: 'Message' }).fill('Hello, everyone');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('log', { name: 'Chat' }).getByText('Hello, everyone').waitFor();
      await findings.check(page, 'chat');

      await page.getByRole('button', { name: 'More', exact: true }).click();
      await page.locator('#more-menu').waitFor();
      await findings.check(page, 'More menu');
      await page.keyboard.press('Escape');

      if (phone) await chooseFromMore(page, 'Settings');
      else await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
      await findings.check(page, 'settings dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await chooseFromMore(page, 'Keyboard shortcuts');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await findings.check(page, 'shortcuts dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      if (phone) await chooseFromMore(page, 'Whiteboard');
      else await page.getByRole('button', { name: 'Whiteboard', exact: true }).click();
      await page.getByRole('img', { name: 'Drawing area', exact: true }).waitFor();
      await findings.check(page, 'whiteboard');
      await page.getByRole('region', { name: 'Whiteboard', exact: true }).getByRole('button', { name: 'Close', exact: true }).click();

      if (phone) await chooseFromMore(page, 'Notes');
      else await page.getByRole('button', { name: 'Notes', exact: true }).click();
      await page.getByRole('textbox', { name: 'Notes', exact: true }).waitFor();
      await findings.check(page, 'notes');
      await page.getByRole('region', { name: 'Shared notes', exact: true }).getByRole('button', { name: 'Close', exact: true }).click();

      if (phone) await chooseFromMore(page, 'Slides');
      else await page.getByRole('button', { name: 'Slides', exact: true }).click();
      const manager = page.getByRole('dialog', { name: 'Presentations' });
      await manager.getByText('This room keeps no presentations yet.').waitFor();
      await findings.check(page, 'presentations, none yet');
      await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Agenda.pdf', mimeType: 'application/pdf', buffer: testPdf(2) });
      await manager.getByRole('button', { name: 'Show Agenda', exact: true }).waitFor();
      await findings.check(page, 'presentations list');
      await manager.getByRole('button', { name: 'Close', exact: true }).click();
      const drawn = (on: Page) => on.locator('section[aria-label="Slides"] canvas[data-rendered-page]').waitFor({ timeout: 20_000 });
      await drawn(page);
      await findings.check(page, 'slides, presenter');
      for (let step = 0; step < 3; step++) await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
      const pageBox = page.locator('section[aria-label="Slides"] .slides-page-box');
      await waitFor(() => pageBox.evaluate((box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight), { timeoutMs: 15_000, message: 'the zoomed page larger than its box' });
      await findings.check(page, 'slides, zoomed in');
      await drawn(mona);
      await mona.getByRole('button', { name: 'Next page', exact: true }).click();
      await mona.getByRole('button', { name: 'Follow presenter', exact: true }).waitFor();
      await findings.check(mona, 'slides, viewer browsing');
      await page.getByRole('button', { name: 'Stop showing', exact: true }).click();
      await mona.locator('section[aria-label="Slides"] canvas').waitFor({ state: 'detached' });

      const poll = (on: Page) => on.getByRole('region', { name: 'Poll' });
      await chooseFromMore(page, 'Poll');
      await poll(page).getByRole('textbox', { name: 'Question' }).fill('Which day suits you?');
      await poll(page).getByRole('textbox', { name: 'Answers, one per line' }).fill('Monday\nFriday');
      await findings.check(page, 'poll form');
      await poll(page).getByRole('button', { name: 'Ask', exact: true }).click();
      await poll(mona).getByRole('radio', { name: 'Friday' }).waitFor({ timeout: 15_000 });
      await findings.check(mona, 'poll voting');
      await poll(mona).getByRole('radio', { name: 'Friday' }).check();
      await poll(mona).getByRole('button', { name: 'Send answer', exact: true }).click();
      await poll(mona).getByText('Your answer was sent.', { exact: false }).waitFor({ timeout: 15_000 });
      await findings.check(mona, 'poll answered');
      await poll(page).getByRole('heading', { name: 'Answers so far' }).waitFor();
      await findings.check(page, 'poll answers so far');
      await poll(page).getByRole('button', { name: 'Close and show results', exact: true }).click();
      await poll(mona).getByRole('heading', { name: 'Results', exact: true }).waitFor({ timeout: 15_000 });
      await findings.check(mona, 'poll results');
      await poll(page).getByRole('button', { name: 'Close', exact: true }).click();
      await poll(page).waitFor({ state: 'detached' });
      await poll(mona).getByRole('button', { name: 'Close', exact: true }).click();
      await poll(mona).waitFor({ state: 'detached' });

      const breakouts = (on: Page) => on.getByRole('region', { name: 'Breakout rooms' });
      await chooseFromMore(page, 'Breakout rooms');
      await breakouts(page).getByRole('spinbutton', { name: 'Number of rooms' }).fill('2');
      await breakouts(page).getByRole('combobox', { name: 'Who goes where' }).selectOption({ label: 'People choose a room' });
      await findings.check(page, 'breakout rooms form');
      await breakouts(page).getByRole('button', { name: 'Open rooms', exact: true }).click();
      await breakouts(mona).getByRole('button', { name: 'Go to Room 2', exact: true }).click({ timeout: 15_000 });
      await breakouts(mona).getByText('You are in: Room 2').waitFor({ timeout: 15_000 });
      await findings.check(mona, 'breakout room chooser');
      await breakouts(page).getByRole('list', { name: 'Room 2' }).getByText('Mona Member').waitFor({ timeout: 15_000 });
      await findings.check(page, 'breakout rooms open');
      await breakouts(page).getByRole('button', { name: 'Call everyone back', exact: true }).click();
      await breakouts(mona).waitFor({ state: 'detached', timeout: 15_000 });

      await page.getByRole('button', { name: 'End meeting for all', exact: true }).click();
      await page.getByRole('dialog', { name: 'End the meeting for everyone?' }).waitFor();
      await findings.check(page, 'end meeting dialog');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();

      // The administrator leaves the meeting for the live dashboard, where Mona's meeting goes on.
      await page.goto(`${moot.url}/admin/dashboard`);
      await page.getByRole('row').filter({ hasText: rooms[size].name }).waitFor();
      await page.getByRole('figure').filter({ hasText: 'Network traffic of this machine' }).locator('canvas').waitFor();
      await findings.check(page, 'dashboard, a meeting on');
    } finally {
      await other?.close();
      await p.close();
    }
    findings.assertClean([
      'pre-join',
      'grid',
      'speaker view',
      'people',
      'chat',
      'More menu',
      'settings dialog',
      'shortcuts dialog',
      'whiteboard',
      'notes',
      'presentations, none yet',
      'presentations list',
      'slides, presenter',
      'slides, zoomed in',
      'slides, viewer browsing',
      'poll form',
      'poll voting',
      'poll answered',
      'poll answers so far',
      'poll results',
      'breakout rooms form',
      'breakout room chooser',
      'breakout rooms open',
      'end meeting dialog',
      'dashboard, a meeting on',
    ]);
  });
}

/** The sentences the page's live region for screen readers holds now. */
function heard(page: Page): Promise<string[]> {
  return page.getByRole('log', { name: 'Meeting events' }).locator('p').allTextContents();
}

async function hears(page: Page, sentence: string): Promise<void> {
  await waitFor(async () => (await heard(page)).includes(sentence), { timeoutMs: 15_000, message: `"${sentence}" in the live region (it holds ${JSON.stringify(await heard(page))})` });
}

test('screen readers hear joins, mute changes, raised hands, chat messages and leaves; shortcuts mute, raise a hand and show the keyboard help', { timeout: 180_000 }, async () => {
  // A phone's size: the chat panel is closed, so new messages are told in the live region.
  const ada = await memberInMeeting(browsers, moot.url, admin, rooms.events.id, 'Ada', { viewport: SIZES.phone });
  let mona: Participant | undefined;
  try {
    assert.deepEqual(await heard(ada.page), [], 'the people already there when one joins are not read out');
    mona = await memberInMeeting(browsers, moot.url, member, rooms.events.id, 'Mona');
    await hears(ada.page, 'Mona Member joined.');

    // Keyboard only, on Mona's page.
    await mona.page.keyboard.press('Control+KeyD');
    await mona.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor();
    await hears(mona.page, 'Your microphone is off.');
    await hears(ada.page, 'Mona Member muted their microphone.');

    await mona.page.keyboard.press('Control+Alt+KeyH');
    await mona.page.getByRole('button', { name: 'Lower hand', exact: true }).waitFor();
    await hears(ada.page, 'Mona Member raised their hand.');

    await mona.page.keyboard.press('Control+Alt+KeyC');
    await waitFor(() => mona!.page.evaluate(() => document.activeElement?.id === 'chat-message'), { message: 'the chat shortcut to put the focus in the message box' });
    await mona.page.keyboard.type('Can you hear me?');
    await mona.page.keyboard.press('Enter');
    await hears(ada.page, 'Mona Member wrote: Can you hear me?');

    await mona.page.keyboard.press('Control+Slash');
    const help = mona.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const what of ['Mute or unmute the microphone', 'Raise or lower your hand', 'Hold to talk while the microphone is muted']) await help.getByText(what).waitFor();
    await mona.page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await mona.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await hears(ada.page, 'Mona Member left.');
  } finally {
    await mona?.close();
    await ada.close();
  }
});
