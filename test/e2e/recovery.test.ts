// Janus dies (SIGKILL) in the middle of a meeting: the server starts a new one and both pages
// publish and subscribe again by themselves — no click — and media flows again.
import assert from 'node:assert/strict';
import { test } from '../helpers/diagnostics.ts';
import { inboundMix, memberInMeeting, participantId, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Recover', bob: 'Bob Recover' }, { name: 'Recovery', owner: 'alice' });

test('after Janus is killed, both pages receive audio and video again without any click', { timeout: 240_000 }, async () => {
  const a = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice');
  const b = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob');
  const aliceId = await participantId(a.page, 'Alice Recover');
  const bobId = await participantId(a.page, 'Bob Recover');

  const before = {
    aVideo: await waitForMediaFrom(a.page, bobId, 'video'),
    bVideo: await waitForMediaFrom(b.page, aliceId, 'video'),
  };
  await waitForMix(a.page, 'sound');
  await waitForMix(b.page, 'sound');
  const mixA = await inboundMix(a.page);
  const mixB = await inboundMix(b.page);
  assert.ok(mixA && mixB, 'both pages play the audio mix');

  const pids = cast.moot.janusPids();
  assert.equal(pids.length, 1, `one Janus process: ${JSON.stringify(pids)}`);
  process.kill(pids[0]!, 'SIGKILL');
  await waitFor(() => cast.moot.janusPids().every((p) => p !== pids[0]), { message: 'the old Janus to be gone' });
  await waitFor(async () => (await cast.moot.health())?.janus === 'up' && cast.moot.janusPids().length === 1, {
    timeoutMs: 30_000,
    message: 'a new Janus up',
  });

  // The old PeerConnections died with Janus: media must come on PeerConnections made after them.
  const afterVideoA = await waitForMediaFrom(a.page, bobId, 'video', { timeoutMs: 60_000, newerThanPc: before.aVideo.pcIndex });
  const afterVideoB = await waitForMediaFrom(b.page, aliceId, 'video', { timeoutMs: 60_000, newerThanPc: before.bVideo.pcIndex });
  await waitForMix(a.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixA.pcIndex });
  await waitForMix(b.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixB.pcIndex });
  assert.equal(afterVideoA.connectionState, 'connected');
  assert.equal(afterVideoB.connectionState, 'connected');

  // Still the same meeting: the same people, still in it.
  assert.equal(await participantId(b.page, 'Alice Recover'), aliceId);
  assert.equal(await a.page.getByRole('button', { name: 'Leave' }).count(), 1);
});
