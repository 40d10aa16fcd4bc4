// Slides in real Chromium pages: a moderator uploads a PDF made here and shows it; pdf.js draws
// the presenter's page (told apart by its colour) on a desktop and on a phone; the presenter's
// page and zoom changes reach the others; a viewer browses on their own and comes back with
// "Follow presenter"; a non-presenter's upload is refused, and so are a damaged and a too large PDF.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SLIDES_KEY_HEADER, slideRoutes } from '../../packages/protocol/src/index.ts';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, memberInMeeting, participantId, signIn } from '../helpers/browser.ts';
import { addRoom } from '../helpers/fixtures.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: true, env: { MOOT_SLIDES_MAX_MEGABYTES: '1' } });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Trainer', bob: 'Bob Viewer' }, { name: 'Training', owner: 'alice', guests: 'link' });

const canvas = (page: Page) => page.locator('section[aria-label="Slides"] canvas');
const status = (page: Page) => page.locator('section[aria-label="Slides"] [role="status"]');

/** The colour of page `n`'s band in the test PDF, as pdf.js draws it (0-255). */
function bandColour(n: number): number[] {
  return [(n * 0.37) % 1, (n * 0.61) % 1, (n * 0.83) % 1].map((v) => Math.round(Number(v.toFixed(2)) * 255));
}

/** Waits until pdf.js has drawn page `n` in `page`, and checks that what it drew is that page. */
async function showsPage(page: Page, n: number, who: string): Promise<void> {
  await waitFor(async () => (await canvas(page).getAttribute('data-rendered-page'))?.endsWith(`:${n}`), { timeoutMs: 20_000, message: `${who}: page ${n} drawn` });
  assert.equal(await status(page).textContent(), `Page ${n} of 3`, who);
  const drawn = await canvas(page).evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(Math.floor(c.width / 2), Math.floor(c.height * 0.95), 1, 1).data.slice(0, 3)]);
  const expected = bandColour(n);
  assert.ok(drawn.every((v, i) => Math.abs(v - expected[i]!) <= 8), `${who}: the band of page ${n} is ${expected}, drawn ${drawn}`);
}

const cssWidth = (page: Page) => canvas(page).evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width);

test('the presenter\'s page and zoom reach a desktop and a phone; a viewer browses alone and comes back with "Follow presenter"', { timeout: 300_000 }, async () => {
  const trainer = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (moderator)');
  const viewer = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (viewer)');
  const phone = await browsers.newParticipant('Gia (guest on a phone)', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  await joinAsGuest(phone.page, cast.moot.url, cast.room.id, 'Gia Guest');
  await participantId(trainer.page, 'Gia Guest');

  // Only those who may present are offered their presentations.
  assert.equal(await viewer.page.getByRole('button', { name: 'Slides', exact: true }).count(), 0);
  await trainer.page.getByRole('button', { name: 'Slides', exact: true }).click();
  const manager = trainer.page.getByRole('dialog', { name: 'Presentations' });
  await manager.getByText('This room keeps no presentations yet.').waitFor();
  await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Week 1.pdf', mimeType: 'application/pdf', buffer: testPdf(3) });
  await manager.getByRole('button', { name: 'Show Week 1', exact: true }).waitFor();

  // Uploading shows it to everyone at its first page.
  await showsPage(trainer.page, 1, 'the trainer');
  await showsPage(viewer.page, 1, 'the viewer');
  await showsPage(phone.page, 1, 'the phone');
  assert.equal(await viewer.page.getByText('Shown by Alice Trainer').count(), 1);

  await trainer.page.getByRole('button', { name: 'Next page', exact: true }).click();
  await showsPage(viewer.page, 2, 'the viewer');
  await showsPage(phone.page, 2, 'the phone');

  // The viewer looks ahead on their own; nobody else moves.
  await viewer.page.getByRole('button', { name: 'Next page', exact: true }).click();
  await showsPage(viewer.page, 3, 'the viewer, browsing');
  const follow = viewer.page.getByRole('button', { name: 'Follow presenter', exact: true });
  await follow.waitFor();
  assert.equal(await status(trainer.page).textContent(), 'Page 2 of 3');
  assert.equal(await status(phone.page).textContent(), 'Page 2 of 3');

  // The presenter goes back; the browsing viewer stays where they are until they follow.
  await trainer.page.getByRole('button', { name: 'Previous page', exact: true }).click();
  await showsPage(phone.page, 1, 'the phone');
  assert.equal(await status(viewer.page).textContent(), 'Page 3 of 3');
  await follow.click();
  await showsPage(viewer.page, 1, 'the viewer, following again');
  assert.equal(await follow.count(), 0);

  // Zoom follows the presenter too.
  const before = await cssWidth(viewer.page);
  await trainer.page.getByRole('button', { name: 'Zoom in', exact: true }).click();
  await waitFor(async () => (await cssWidth(viewer.page)) > before * 1.2, { timeoutMs: 15_000, message: 'the viewer\'s page drawn larger' });

  // On the phone the page fits the screen's width (at the presenter's first zoom it did).
  await trainer.page.getByRole('button', { name: 'Zoom out', exact: true }).click();
  await waitFor(async () => (await cssWidth(phone.page)) <= 390, { timeoutMs: 15_000, message: 'the phone\'s page back within its width' });
  const box = await canvas(phone.page).boundingBox();
  assert.ok(box && box.width > 150 && box.x >= 0 && box.x + box.width <= 390.5, `the page fits the phone: ${JSON.stringify(box)}`);
  await phone.page.getByRole('button', { name: 'Next page', exact: true }).waitFor({ state: 'visible' });
  // pdf.js and its worker run within the page's Content Security Policy.
  for (const participant of [trainer, viewer, phone]) assert.doesNotMatch(participant.console.text(), /Content Security Policy/);
  for (const participant of [trainer, viewer, phone]) await participant.close();
});

test('a non-presenter\'s upload is refused; a damaged and a too large PDF are refused with their own messages', { timeout: 180_000 }, async () => {
  const other = await addRoom(cast.moot, cast.alice, 'Refusals', 'link');
  const viewer = await browsers.newParticipant('Bob (not presenting)');
  const keys: string[] = [];
  // The key the page's own socket received, for a request of the page's own.
  viewer.page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; key?: string };
      if (message.type === 'slidesAccess' && message.key) keys.push(message.key);
    }),
  );
  const trainer = await memberInMeeting(browsers, cast.moot.url, cast.alice, other.id, 'Alice (moderator)');
  await signIn(viewer.page, cast.moot.url, cast.bob.email, cast.bob.password);
  await joinAsMember(viewer.page, cast.moot.url, other.id);
  const key = await waitFor(() => keys[0], { message: 'the viewer\'s slides key' });
  const refused = await viewer.page.evaluate(
    async ({ url, header, key, pdf }) => {
      const response = await fetch(url, { method: 'POST', headers: { [header]: key, 'content-type': 'application/pdf', 'x-moot-file-name': 'Mine.pdf' }, body: new Uint8Array(pdf) });
      return { status: response.status, body: await response.json() };
    },
    { url: slideRoutes.decks(other.id), header: SLIDES_KEY_HEADER, key, pdf: [...testPdf(1)] },
  );
  assert.deepEqual([refused.status, refused.body.error.code], [403, 'forbidden']);

  await trainer.page.getByRole('button', { name: 'Slides', exact: true }).click();
  const manager = trainer.page.getByRole('dialog', { name: 'Presentations' });
  const input = manager.getByLabel('Upload a presentation (PDF)');
  await input.setInputFiles({ name: 'Broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nnot a document\n%%EOF\n', 'latin1') });
  await manager.getByRole('alert').filter({ hasText: 'That PDF could not be read; it may be damaged. Export it again and retry.' }).waitFor();
  await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Huge.pdf', mimeType: 'application/pdf', buffer: testPdf(1, { padding: 1_200_000 }) });
  await manager.getByRole('alert').filter({ hasText: 'That presentation is larger than this server accepts.' }).waitFor();
  await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Photo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x89PNG\r\n\x1a\n', 'latin1') });
  await manager.getByRole('alert').filter({ hasText: 'That file is not a presentation moot can show' }).waitFor();
  assert.equal(await manager.getByText('This room keeps no presentations yet.').count(), 1);
  assert.equal(await canvas(viewer.page).count(), 0, 'nothing was shown');
});
