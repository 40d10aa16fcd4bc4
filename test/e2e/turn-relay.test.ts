// A participant who asks for "Use relay only" speaks and hears through a real coturn on
// 127.0.0.1 that browsers reach over TCP alone: the others hear them in the server's mix, and
// every connection of their page runs over a relayed candidate allocated over TCP. coturn
// refuses credentials whose expiry has passed or that were made with another secret.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { turnCredential } from '../../packages/server/src/media/turn-credentials.ts';
import { memberInMeeting, participantId, waitForMix, waitInMeeting } from '../helpers/browser.ts';
import { coturnForFile } from '../helpers/coturn.ts';
import { chooseRelayOnlyInMeeting, connected } from '../helpers/ice-paths.ts';
import { test } from '../helpers/diagnostics.ts';
import { setMic } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';

const TTL_SECONDS = 3600;

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const relay = coturnForFile(TTL_SECONDS);
const cast = castOf(suite, { alice: 'Alice Owner' }, { name: 'Relay check', owner: 'alice', guests: 'link' }, relay.env);

test('a participant on relay only through coturn over TCP is heard and hears, every connection of theirs runs over a TCP relay with credentials of their own; chosen during the meeting, it moves open connections onto the relay', { timeout: 240_000 }, async () => {
  const { moot, alice, room } = cast;
  const { coturn } = relay;
  const aliceTab = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (member, owner)');

  const bob = await browsers.newParticipant('Bob (guest, relay only)');
  await bob.page.goto(`${moot.url}/r/${room.id}`);
  const relayOnly = bob.page.getByRole('checkbox', { name: 'Use relay only', exact: true });
  await relayOnly.check();
  await bob.page.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bob Guest');
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitInMeeting(bob.page);
  const bobId = await participantId(aliceTab.page, 'Bob Guest');

  // Alice's microphone closed: what she hears can only be Bob's voice, carried by the relay.
  await setMic(aliceTab.page, false);
  await waitForMix(aliceTab.page, 'sound', { timeoutMs: 60_000 });
  await setMic(bob.page, false);
  await waitForMix(aliceTab.page, 'silence');
  // And back: Bob hears Alice alone.
  await setMic(aliceTab.page, true);
  await waitForMix(bob.page, 'sound', { timeoutMs: 60_000 });

  const joinedAt = Math.floor(Date.now() / 1000);
  // The publishing connections carry the voices; the receiving one (Alice's camera) may still be connecting.
  const bobPaths = await connected(bob.page);
  for (const path of bobPaths) {
    assert.equal(path.localType, 'relay', `the selected pair's local candidate is relayed: ${JSON.stringify(path)}`);
    assert.equal(path.relayProtocol, 'tcp', `the relay is reached over TCP: ${JSON.stringify(path)}`);
    assert.equal(path.url, coturn.url, JSON.stringify(path));
    assert.deepEqual([...new Set(path.gatheredTypes)], ['relay'], `relay only: no other candidate is gathered: ${JSON.stringify(path)}`);
    const [expiry, owner] = (path.username ?? '').split(':');
    assert.equal(owner, bobId, `the relay username names Bob's participant: ${path.username}`);
    const lifetime = Number(expiry) - joinedAt;
    assert.ok(lifetime > 0 && lifetime <= TTL_SECONDS, `the credential expires within MOOT_TURN_TTL: ${lifetime} s`);
  }

  // Alice did not ask for relay only: her page keeps its direct path and its own username.
  const alicePaths = await connected(aliceTab.page);
  const aliceId = await participantId(aliceTab.page, 'Alice Owner');
  for (const path of alicePaths) {
    assert.equal(path.localType, 'host', JSON.stringify(path));
    assert.equal(path.username?.split(':')[1], aliceId, JSON.stringify(path));
  }

  // Chosen during the meeting, in the settings: Alice's open connections move onto the relay.
  await chooseRelayOnlyInMeeting(aliceTab.page);
  await waitForMix(bob.page, 'sound', { timeoutMs: 60_000 });
});

interface Gathering {
  candidates: string[];
  errors: { errorCode: number; errorText: string }[];
}

/** Gathers candidates in the page with only the relay, as a relay-only participant does. */
function gatherThroughRelay(page: Page, server: RTCIceServer): Promise<Gathering> {
  return page.evaluate(async (server) => {
    const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'relay' });
    const result: Gathering = { candidates: [], errors: [] };
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate?.candidate) result.candidates.push(e.candidate.candidate);
    });
    pc.addEventListener('icecandidateerror', (e) => result.errors.push({ errorCode: e.errorCode, errorText: e.errorText }));
    const complete = new Promise<void>((done) =>
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') done();
      }),
    );
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await complete;
    pc.close();
    return result;
  }, server);
}

test('coturn refuses a credential whose expiry has passed and one made with another secret; a valid one gets a relay', { timeout: 120_000 }, async () => {
  const { moot } = cast;
  const { coturn } = relay;
  const probe = await browsers.newParticipant('credential probe');
  await probe.page.goto(moot.url);
  const now = Math.floor(Date.now() / 1000);
  const credentials = (username: string, secret: string): RTCIceServer => ({ urls: [coturn.url], username, credential: turnCredential(secret, username) });

  const valid = await gatherThroughRelay(probe.page, credentials(`${now + 600}:probe`, coturn.secret));
  assert.ok(valid.candidates.some((c) => / typ relay /.test(c)), `a valid credential gets a relayed candidate: ${JSON.stringify(valid)}`);

  const refusals = {
    expired: credentials(`${now - 60}:probe`, coturn.secret),
    'another secret': credentials(`${now + 600}:probe`, `${coturn.secret}-not`),
  };
  for (const [why, server] of Object.entries(refusals)) {
    const refused = await gatherThroughRelay(probe.page, server);
    assert.deepEqual(refused.candidates, [], `${why}: no relayed candidate`);
    assert.ok(refused.errors.some((e) => e.errorCode === 401), `${why}: coturn answers 401 Unauthorized: ${JSON.stringify(refused.errors)}`);
  }
  await probe.close();
});
