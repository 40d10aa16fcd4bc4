// A three-person meeting seen on a 390×844 phone, in real Chromium pages: the tiles fill the
// screen, a toast stays clear of the control bar, and a browser that cannot share its screen
// is not offered "Share screen".
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { joinAsMember, memberInMeeting, participantId, signIn } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { chooseFromMore } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Desk');
  bob = await addUser(moot, 'Bob Phone');
  carol = await addUser(moot, 'Carol Desk');
  room = await addRoom(moot, alice, 'Phone grid');
});

const phoneScreen = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

test('with three people a phone fills its screen with tiles, keeps toasts off the controls and offers no screen sharing it cannot do', { timeout: 180_000 }, async () => {
  const desk = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (desktop, moderator)');
  await memberInMeeting(browsers, moot.url, carol, room.id, 'Carol (desktop)');
  const phone = await browsers.newParticipant('Bob (phone without screen sharing)', phoneScreen);
  // Like phone browsers, this one has no getDisplayMedia at all.
  await phone.context.addInitScript(() => {
    delete (MediaDevices.prototype as { getDisplayMedia?: unknown }).getDisplayMedia;
  });
  await signIn(phone.page, moot.url, bob.email, bob.password);
  await joinAsMember(phone.page, moot.url, room.id);
  for (const name of ['Alice Desk', 'Carol Desk']) await participantId(phone.page, name);
  assert.equal(await phone.page.evaluate(() => typeof navigator.mediaDevices.getDisplayMedia), 'undefined');

  // The three tiles cover most of the space between the bar and the controls.
  let reading: unknown;
  await waitFor(
    async () => {
      reading = await phone.page.evaluate(() => {
        const area = document.querySelector('.tiles-area')?.getBoundingClientRect();
        const tiles = [...document.querySelectorAll('.grid .tile')].map((t) => t.getBoundingClientRect());
        const covered = tiles.reduce((sum, t) => sum + t.width * t.height, 0);
        return { tiles: tiles.length, share: area ? covered / (area.width * area.height) : 0, widths: tiles.map((t) => Math.round(t.width)) };
      });
      const r = reading as { tiles: number; share: number };
      return r.tiles === 3 && r.share >= 0.75;
    },
    { timeoutMs: 15_000, message: 'three tiles filling the phone' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last reading ${JSON.stringify(reading)}`);
  });

  // A toast (the meeting locked by the moderator) stays above the control bar.
  await chooseFromMore(desk.page, 'Lock meeting');
  const toast = phone.page.getByRole('alert').filter({ hasText: 'Alice Desk locked the meeting.' });
  await toast.waitFor({ timeout: 15_000 });
  const toastBox = await toast.boundingBox();
  const controlsBox = await phone.page.getByRole('navigation', { name: 'Meeting controls' }).boundingBox();
  assert.ok(toastBox && controlsBox, 'both have boxes');
  assert.ok(toastBox.y + toastBox.height <= controlsBox.y, `the toast ends above the controls: toast ${JSON.stringify(toastBox)}, controls ${JSON.stringify(controlsBox)}`);

  // No "Share screen" on the bar or in "More".
  await phone.page.getByRole('button', { name: 'More', exact: true }).tap();
  await phone.page.getByRole('button', { name: 'Raise hand', exact: true }).waitFor();
  assert.equal(await phone.page.getByRole('button', { name: 'Share screen', exact: true }).count(), 0, 'no "Share screen" without getDisplayMedia');
  // The desktop browser, which can share, still offers it.
  await desk.page.getByRole('button', { name: 'Share screen', exact: true }).waitFor();
});
