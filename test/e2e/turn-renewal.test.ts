// TURN credentials live MOOT_TURN_TTL seconds; a meeting outlives them. With the shortest TTL,
// against a real coturn on 127.0.0.1 over TCP: once the first credentials have expired (coturn
// refuses them), a relay-only participant's new connection (a screen shared then) and another
// participant's ICE restart onto the relay still connect, with the credentials the server sent
// before the first ones expired, which the page's open connections hold too.
import assert from 'node:assert/strict';
import { memberInMeeting, participantId, waitForMix, waitInMeeting } from '../helpers/browser.ts';
import { coturnForFile } from '../helpers/coturn.ts';
import { test } from '../helpers/diagnostics.ts';
import { chooseRelayOnlyInMeeting, connected, connectionPaths, type ConnectionPath } from '../helpers/ice-paths.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

/** The shortest lifetime MOOT_TURN_TTL takes. */
const TTL_SECONDS = 60;

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const relay = coturnForFile(TTL_SECONDS);
const cast = castOf(suite, { alice: 'Alice Owner' }, { name: 'Long meeting', owner: 'alice', guests: 'link' }, relay.env);

const expiryOf = (path: ConnectionPath) => Number(path.username?.split(':')[0]);
const ownerOf = (path: ConnectionPath) => path.username?.split(':')[1];

test('after the first TURN credentials expired, a screen shared on relay only and an ICE restart onto the relay connect with renewed credentials', { timeout: 300_000 }, async () => {
  const { moot, alice, room } = cast;
  const { coturn } = relay;
  const aliceTab = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (member, owner)');
  const bob = await browsers.newParticipant('Bob (guest, relay only)');
  await bob.page.goto(`${moot.url}/r/${room.id}`);
  await bob.page.getByRole('checkbox', { name: 'Use relay only', exact: true }).check();
  await bob.page.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bob Guest');
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitInMeeting(bob.page);
  const bobId = await participantId(aliceTab.page, 'Bob Guest');
  const aliceId = await participantId(aliceTab.page, 'Alice Owner');

  const bobFirst = await connected(bob.page);
  const aliceFirst = await connected(aliceTab.page);
  const firstExpiry = Math.max(...[...bobFirst, ...aliceFirst].map(expiryOf));
  assert.ok(firstExpiry <= Date.now() / 1000 + TTL_SECONDS, `credentials of the configured lifetime: ${firstExpiry}`);

  // Past the first credentials' expiry: coturn refuses them from now on.
  await waitFor(() => Date.now() / 1000 > firstExpiry + 2, { timeoutMs: (TTL_SECONDS + 15) * 1000, intervalMs: 1000, message: 'the first credentials to expire' });
  for (const [page, id] of [[bob.page, bobId], [aliceTab.page, aliceId]] as const) {
    for (const path of await connectionPaths(page)) {
      assert.ok(expiryOf(path) > Date.now() / 1000, `the open connection holds renewed credentials: ${JSON.stringify(path)}`);
      assert.equal(ownerOf(path), id, `renewed for the same participant: ${path.username}`);
    }
  }

  // A new connection: Bob shares his screen, through the relay alone.
  await bob.page.getByRole('button', { name: 'Share screen', exact: true }).click();
  await waitFor(async () => (await aliceTab.page.locator('video[data-source="screen"]').count()) > 0, { timeoutMs: 30_000, message: "Bob's screen on Alice's page" });
  const bobNow = await connected(bob.page, 4);
  for (const path of bobNow) {
    assert.equal(path.localType, 'relay', `relayed: ${JSON.stringify(path)}`);
    assert.equal(path.relayProtocol, 'tcp', JSON.stringify(path));
  }

  // An ICE restart: Alice chooses relay only now, and her open connections move onto the relay.
  await chooseRelayOnlyInMeeting(aliceTab.page);
  await waitForMix(bob.page, 'sound', { timeoutMs: 60_000 });
});
