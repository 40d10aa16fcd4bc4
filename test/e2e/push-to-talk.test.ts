// Push-to-talk: with the microphone muted, holding the space bar lets the others hear you and
// see your microphone on; letting go mutes it again.
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { setMic, waitForMicIcon } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Talker');
  bob = await addUser(moot, 'Bob Listener');
  room = await addRoom(moot, alice, 'Push to talk');
});

test('holding the space bar talks while muted; letting go mutes again', { timeout: 180_000 }, async () => {
  const aliceTab = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice');
  const bobTab = await memberInMeeting(browsers, moot.url, bob, room.id, 'Bob');
  const aliceId = await participantId(bobTab.page, 'Alice Talker');

  await setMic(aliceTab.page, false);
  await waitForMicIcon(bobTab.page, aliceId, 'Microphone muted');
  await waitForMix(bobTab.page, 'silence');

  // The space bar types in a focused button; push-to-talk listens on the page itself.
  await aliceTab.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await aliceTab.page.keyboard.down('Space');
  await waitForMicIcon(bobTab.page, aliceId, 'Microphone on');
  await waitForMix(bobTab.page, 'sound');

  await aliceTab.page.keyboard.up('Space');
  await waitForMicIcon(bobTab.page, aliceId, 'Microphone muted');
  await waitForMix(bobTab.page, 'silence');
  await aliceTab.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor();
});
