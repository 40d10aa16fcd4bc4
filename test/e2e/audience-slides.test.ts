// The audience sees the presenter's slides: in a room whose people join as audience, a
// moderator shows a two-page presentation (each page with a band of its own colour) and a
// guest's Chromium, watching the program through the Janus Streaming mountpoint, decodes the
// room's card, then page 1, then page 2, then the card again once the presentation is put away.
// The same program picture feeds the livestream (test/e2e/livestream-slides.test.ts).
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { Page } from 'playwright-core';
import { bandColour } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest } from '../helpers/browser.ts';
import { uploadDeck } from '../helpers/audience-room.ts';
import { Sockets } from '../helpers/fixtures.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const sockets = new Sockets();

const cast = castOf(suite, { olga: 'Olga Owner' }, { name: 'All-hands with slides', owner: 'olga', audience: true });
after(() => sockets.closeAll());

const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]! * 255) < 40);
/** The card's dark background. */
const isCard = ([r, g, b]: number[]) => r! < 90 && g! < 90 && b! < 110;

/**
 * The colour of the program's latest decoded frame a tenth of its height above its bottom edge:
 * inside a page's band (the bottom quarter of the page), on the card's background. Null before
 * the first frame.
 */
function programColour(page: Page): Promise<number[] | null> {
  return page.getByRole('region', { name: 'Program' }).evaluate((region) => {
    const video = region.querySelector('video');
    if (!video || !video.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    const { data } = context.getImageData(Math.floor(canvas.width / 2) - 4, Math.floor(canvas.height * 0.9) - 4, 8, 8);
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
    return sum.map((v) => v / (data.length / 4));
  });
}

test('the audience sees the presenter’s slide page in the program: the card, page 1, page 2, then the card once the slides are put away', { timeout: 240_000 }, async () => {
  const { moot, olga, room } = cast;
  // A moderator without a browser: no camera, so the program shows the card until a page is shown.
  const moderator = await sockets.member(moot, olga);
  await moderator.join({ room: room.id });
  const { key } = await moderator.next('slidesAccess');
  const deck = await uploadDeck(moot, room.id, key, 2);

  const guest = await browsers.newParticipant('Gus (guest, audience)');
  const page = guest.page;
  await joinAsGuest(page, moot.url, room.id, 'Gus Guest');
  await page.getByRole('region', { name: 'Program' }).waitFor({ state: 'visible' });

  let colour: number[] | null = null;
  const shows = (what: string, looks: (c: number[]) => boolean) =>
    waitFor(async () => (colour = await programColour(page)) !== null && looks(colour), { timeoutMs: 30_000, intervalMs: 500, message: what }).catch((e: Error) => {
      throw new Error(`${e.message}; the program's frame there is ${JSON.stringify(colour)}`);
    });
  await shows('the room’s card before any page is shown', isCard);

  moderator.send({ type: 'slidesShow', deckId: deck.id });
  await moderator.next('slides', (m) => m.current?.deck.id === deck.id);
  await shows('page 1 in the program', (c) => near(c, bandColour(1)));
  moderator.send({ type: 'slidesPage', page: 2, zoom: 1 });
  await moderator.next('slides', (m) => m.current?.page === 2);
  await shows('page 2 in the program', (c) => near(c, bandColour(2)));
  moderator.send({ type: 'slidesShow', deckId: null });
  await moderator.next('slides', (m) => m.current === null);
  await shows('the card again once no page is shown', isCard);
});
