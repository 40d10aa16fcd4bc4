// Push-to-talk: with the microphone muted, holding the space bar lets the others hear you and
// see your microphone on; letting go mutes it again.
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { setMic, waitForMicIcon } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';

const suite = serverWithBrowsers();
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Talker', bob: 'Bob Listener' }, { name: 'Push to talk', owner: 'alice' });

test('holding the space bar talks while muted; letting go mutes again', { timeout: 180_000 }, async () => {
  const aliceTab = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice');
  const bobTab = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob');
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
