// On a server without a TURN relay, "Use relay only" could connect nothing: the pre-join screen
// and the meeting's settings do not offer it, and a browser that chose it on a server with a
// relay is told why it cannot join that way, connects directly instead and is heard.
import assert from 'node:assert/strict';
import { routes } from '@moot/protocol';
import { memberInMeeting, waitForMix, waitInMeeting } from '../helpers/browser.ts';
import { test } from '../helpers/diagnostics.ts';
import { HttpClient } from '../helpers/http.ts';
import { setMic } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Owner' }, { name: 'No relay here', owner: 'alice', guests: 'link' });

test('without a TURN relay "Use relay only" is not offered; a browser that chose it elsewhere is told so, may not join with it, and joins by connecting directly', { timeout: 180_000 }, async () => {
  const { moot, alice, room } = cast;
  const entry = await new HttpClient(moot.url).get(routes.roomEntry(room.id));
  assert.equal(entry.body.relay, false, 'the room entry says the server has no relay');

  const aliceTab = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (member, owner)');
  await aliceTab.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = aliceTab.page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Done', exact: true }).waitFor();
  assert.equal(await settings.getByRole('checkbox', { name: 'Use relay only' }).count(), 0, 'not offered in the meeting');
  assert.equal(await settings.getByRole('alert').count(), 0, 'nothing to tell someone who never chose it');
  await settings.getByRole('button', { name: 'Done', exact: true }).click();

  const gina = await browsers.newParticipant('Gina (guest, chose relay only elsewhere)');
  const join = gina.page.getByRole('button', { name: 'Join', exact: true });
  await gina.page.goto(`${moot.url}/r/${room.id}`);
  await join.waitFor();
  assert.equal(await gina.page.getByRole('checkbox', { name: 'Use relay only' }).count(), 0, 'not offered before joining');

  // The choice as this browser remembers it from a server that has a relay.
  await gina.page.evaluate(() => localStorage.setItem('moot.relayOnly', 'true'));
  await gina.page.reload();
  const told = gina.page.getByRole('alert').filter({ hasText: '“Use relay only” is on in this browser, but this server has no relay' });
  await told.waitFor();
  await gina.page.getByRole('textbox', { name: 'Your name', exact: true }).fill('Gina Guest');
  assert.equal(await join.isDisabled(), true, 'Join waits for another choice');

  await told.getByRole('button', { name: 'Connect directly', exact: true }).click();
  await told.waitFor({ state: 'detached' });
  assert.equal(await gina.page.evaluate(() => localStorage.getItem('moot.relayOnly')), null, 'the browser forgets relay only');
  await join.click();
  await waitInMeeting(gina.page);

  // Alice's microphone closed: what she hears is Gina, connected directly.
  await setMic(aliceTab.page, false);
  await waitForMix(aliceTab.page, 'sound', { timeoutMs: 60_000 });
});
