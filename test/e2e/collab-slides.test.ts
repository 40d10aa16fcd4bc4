// The whiteboard on slides, in real Chromium pages: while a presentation is shown the board draws
// on the slide page (its picture under the drawings, its shape), each page keeps its own
// drawings, and another person sees the same page's drawings on the same slide.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId } from '../helpers/browser.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Trainer', bob: 'Bob Learner' }, { name: 'Slides and board', owner: 'alice' });

const board = (page: Page) => page.getByRole('img', { name: 'Drawing area', exact: true });
const drawings = async (page: Page) => Number(/(\d+)\s*$/.exec((await page.locator('#board-summary').textContent()) ?? '')?.[1] ?? -1);
const slideDrawn = (page: Page, n: number) =>
  waitFor(async () => (await page.locator('section[aria-label="Slides"] canvas').getAttribute('data-rendered-page'))?.endsWith(`:${n}`), { timeoutMs: 20_000, message: `slide ${n} drawn` });

/** The colour of page `n`'s band in the test PDF (0-255), near the bottom of each page. */
function bandColour(n: number): number[] {
  return [(n * 0.37) % 1, (n * 0.61) % 1, (n * 0.83) % 1].map((v) => Math.round(Number(v.toFixed(2)) * 255));
}

/** The board's pixel near the bottom middle, where the slide's band is. */
const boardBand = (page: Page) =>
  board(page).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    return [...canvas.getContext('2d')!.getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height * 0.95), 1, 1).data.slice(0, 3)];
  });

async function openBoard(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Whiteboard', exact: true }).click();
  await waitFor(async () => ((await board(page).boundingBox())?.width ?? 0) > 100, { message: 'the board on screen' });
}

async function closeBoard(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Whiteboard', exact: true }).getByRole('button', { name: 'Close', exact: true }).click();
  await board(page).waitFor({ state: 'detached' });
}

async function stroke(page: Page): Promise<void> {
  const box = (await board(page).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
  await page.mouse.up();
}

const near = (drawn: number[], expected: number[]) => drawn.every((v, i) => Math.abs(v - expected[i]!) <= 10);

test('on a shown presentation the board draws on the slide, one layer per page, the same for everyone', { timeout: 240_000 }, async () => {
  const trainer = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (presenter)');
  const learner = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (learner)');
  await participantId(trainer.page, 'Bob Learner');
  await trainer.page.getByRole('button', { name: 'Slides', exact: true }).click();
  const manager = trainer.page.getByRole('dialog', { name: 'Presentations' });
  await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Week 1.pdf', mimeType: 'application/pdf', buffer: testPdf(3) });
  await slideDrawn(trainer.page, 1);
  await manager.getByRole('button', { name: 'Close', exact: true }).click();
  await slideDrawn(learner.page, 1);

  await openBoard(trainer.page);
  await waitFor(async () => near(await boardBand(trainer.page), bandColour(1)), { message: 'slide 1 under the board' });
  await stroke(trainer.page);
  await openBoard(learner.page);
  await waitFor(async () => (await drawings(learner.page)) === 1 && near(await boardBand(learner.page), bandColour(1)), { message: "the learner sees the stroke on slide 1" });
  const box = (await board(learner.page).boundingBox())!;
  const slideBox = (await learner.page.locator('section[aria-label="Slides"] canvas').boundingBox())!;
  assert.ok(Math.abs(box.width / box.height - slideBox.width / slideBox.height) < 0.02, 'the board has the slide page’s shape');

  // The presenter moves on: page 2 has its own, empty layer, for the learner too.
  await closeBoard(trainer.page);
  await trainer.page.getByRole('button', { name: 'Next page', exact: true }).click();
  await slideDrawn(trainer.page, 2);
  await openBoard(trainer.page);
  await waitFor(async () => (await drawings(trainer.page)) === 0 && near(await boardBand(trainer.page), bandColour(2)), { message: 'slide 2 under an empty layer' });
  await waitFor(async () => (await drawings(learner.page)) === 0 && near(await boardBand(learner.page), bandColour(2)), { timeoutMs: 20_000, message: "the learner's board follows to slide 2" });

  // Back on page 1, its drawing is still there.
  await closeBoard(trainer.page);
  await trainer.page.getByRole('button', { name: 'Previous page', exact: true }).click();
  await waitFor(async () => (await drawings(learner.page)) === 1 && near(await boardBand(learner.page), bandColour(1)), { timeoutMs: 20_000, message: 'the stroke back with slide 1' });
});
