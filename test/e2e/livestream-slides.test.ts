// Slides in a livestream, with a real server, Janus, ffmpeg and an RTMP receiver on 127.0.0.1: a
// moderator goes live and shows a two-page presentation (each page with a band of its own
// colour), page 1 and then page 2, then stops showing it. The received stream, sampled once a
// second where the band is, shows page 1, then page 2 and never page 1 again, then the room's
// card once the presentation is no longer shown.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { livestreamDestinationsPath } from '@moot/protocol';
import { bandColour } from '../../packages/server/src/slides/pdf.fixture.ts';
import { uploadDeck } from '../helpers/audience-room.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { frameColours, rtmpReceiver, type RtmpReceiver } from '../helpers/rtmp.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let room: TestRoom;
let receiver: RtmpReceiver | undefined;
const sockets = new Sockets();

before(async () => {
  moot = await startMoot();
  owner = await addUser(moot, 'Olga Owner');
  room = await addRoom(moot, owner, 'Lecture', 'link');
});

after(async () => {
  receiver?.stop();
  await sockets.closeAll();
  await moot?.stop();
});

const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]! * 255) < 40);
/** The card's dark background. */
const card = ([r, g, b]: number[]) => r! < 90 && g! < 90 && b! < 110;
/**
 * The portrait page fills the 960×540 picture's height, centred; its band is the bottom quarter
 * of the page, so the middle of the picture 60 px above its bottom edge is in the band.
 */
const BAND = { x: 480, y: 480 };

/** What each second of the received stream shows where the band is: 1 or 2 for a page, c for the card, . for anything else. */
function seconds(file: string): string {
  return frameColours(file, BAND)
    .map((c) => (near(c, bandColour(1)) ? '1' : near(c, bandColour(2)) ? '2' : card(c) ? 'c' : '.'))
    .join('');
}

test('the livestream shows the presenter’s slide page while a presentation is shown: page 1, then page 2, then the card once it is no longer shown', { timeout: 240_000 }, async () => {
  receiver = await rtmpReceiver(makeTempDir('moot-livestream-slides-'), 'slides-key-9c2a');
  const http = await signedIn(moot, owner);
  const saved = await http.request('PUT', livestreamDestinationsPath(room.id), { json: { destinations: [{ name: 'Receiver', url: receiver.url, streamKey: receiver.key }] } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  // A moderator without a browser: no camera, so the picture is the card until a page is shown.
  const olga = await sockets.member(moot, owner);
  await olga.join({ room: room.id });
  const { key } = await olga.next('slidesAccess');
  const deck = await uploadDeck(moot, room.id, key, 2);

  olga.send({ type: 'livestream', active: true });
  assert.equal((await olga.next('livestreamState', undefined, 30_000)).active, true);
  const file = receiver.file;
  let seen = '';
  const until = (what: string, done: (s: string) => boolean) =>
    waitFor(() => done((seen = seconds(file))), { timeoutMs: 60_000, intervalMs: 2000, message: what }).catch((e: Error) => {
      throw new Error(`${e.message}: seconds received ${seen}`);
    });
  await until('the card before any page is shown', (s) => s.includes('ccc'));

  olga.send({ type: 'slidesShow', deckId: deck.id });
  await olga.next('slides', (m) => m.current?.deck.id === deck.id);
  await until('page 1 in the stream', (s) => s.includes('111'));
  olga.send({ type: 'slidesPage', page: 2, zoom: 1 });
  await olga.next('slides', (m) => m.current?.page === 2);
  await until('page 2 in the stream after page 1', (s) => s.indexOf('222') > s.indexOf('111'));
  olga.send({ type: 'slidesShow', deckId: null });
  await olga.next('slides', (m) => m.current === null);
  await until('the card again once no page is shown', (s) => s.lastIndexOf('ccc') > s.indexOf('222'));

  const firstPage2 = seen.indexOf('2');
  assert.ok(seen.indexOf('1') >= 0 && seen.indexOf('1') < firstPage2, `page 1 comes first: ${seen}`);
  assert.ok(seen.lastIndexOf('1') < firstPage2, `page 1 never comes back after page 2: ${seen}`);
  assert.ok(seen.lastIndexOf('2') < seen.lastIndexOf('c'), `the card follows the last page: ${seen}`);
  olga.send({ type: 'livestream', active: false });
  assert.equal((await olga.next('livestreamState')).active, false);
});
