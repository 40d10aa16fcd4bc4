// Slides in a recording, with a real server, Janus and Chromium: a moderator records a meeting in
// which they show a two-page presentation (each page with a band of its own colour), page 1 and
// then page 2; the composed video, sampled frame by frame with ffmpeg, shows page 1 and then
// page 2, never page 1 again after page 2 came.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before } from 'node:test';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { makeTempDir, type Moot } from '../helpers/moot.ts';
import { colourAt, inspectMedia, processed, record } from '../helpers/recordings.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const scratch = makeTempDir('moot-recording-slides-');
const suite = serverWithBrowsers({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
const { browsers } = suite;
let moot: Moot;
let olga: TestUser;
let room: TestRoom;

before(async () => {
  moot = await suite.start();
  olga = await addUser(moot, 'Olga Owner');
  room = await addRoom(moot, olga, 'Slides on record');
});

/** The colour of page `n`'s band in the test PDF (0-255). */
const bandColour = (n: number) => [(n * 0.37) % 1, (n * 0.61) % 1, (n * 0.83) % 1].map((v) => Number(v.toFixed(2)) * 255);
const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]!) < 40);

test('the composed video shows the presenter’s slide pages as they were shown: page 1, then page 2', { timeout: 300_000 }, async () => {
  const { page } = await memberInMeeting(browsers, moot.url, olga, room.id, 'Olga (moderator, presents)');
  const drawn = (n: number) =>
    waitFor(async () => (await page.locator('section[aria-label="Slides"] canvas').getAttribute('data-rendered-page'))?.endsWith(`:${n}`), { timeoutMs: 20_000, message: `page ${n} drawn` });
  await record(page, [], async () => {
    await sleep(2000);
    await page.getByRole('button', { name: 'Slides', exact: true }).click();
    const manager = page.getByRole('dialog', { name: 'Presentations' });
    await manager.getByLabel('Upload a presentation (PDF)').setInputFiles({ name: 'Two pages.pdf', mimeType: 'application/pdf', buffer: testPdf(2) });
    await drawn(1);
    await sleep(4000);
    await page.getByRole('button', { name: 'Next page', exact: true }).click();
    await drawn(2);
    await sleep(4000);
  });

  const recording = await processed(moot, room.url);
  assert.equal(recording.state, 'ready', recording.error ?? '');
  const file = join(scratch, 'exported.webm');
  await moot.cli(['recording', 'export', recording.id, file, '--json']);
  const { durationS } = inspectMedia(file);
  // Two frames a second; the portrait page fills the height, centred, its band at the bottom.
  const seen: number[] = [];
  for (let at = 0.25; at < durationS - 0.25; at += 0.5) {
    const colour = colourAt(file, at, 320, 330);
    seen.push(near(colour, bandColour(1)) ? 1 : near(colour, bandColour(2)) ? 2 : 0);
  }
  const firstOf = (n: number) => seen.indexOf(n);
  assert.ok(firstOf(1) >= 0, `page 1 is never in the video: ${seen.join('')}`);
  assert.ok(firstOf(2) > firstOf(1), `page 2 does not follow page 1: ${seen.join('')}`);
  assert.ok(seen.filter((n) => n === 1).length >= 4 && seen.filter((n) => n === 2).length >= 4, `each page is shown for seconds: ${seen.join('')}`);
  assert.equal(seen.lastIndexOf(1) < firstOf(2), true, `page 1 comes back after page 2: ${seen.join('')}`);
});
