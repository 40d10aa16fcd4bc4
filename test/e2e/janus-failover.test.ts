// moot over two external Janus nodes with two real browsers: the node carrying their meeting is
// killed with SIGKILL; the meeting is made anew on the other node and both pages send and
// receive video and the mix again without a click.
import assert from 'node:assert/strict';
import { after, afterEach } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { Browsers, inboundMix, participantId, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { startTwoNodeMeeting, type TwoNodeMeeting } from '../helpers/two-node-meeting.ts';
import { waitFor } from '../helpers/wait.ts';

const browsers = new Browsers();
let meeting: TwoNodeMeeting | undefined;
afterEach(() => browsers.closePages());
after(async () => {
  await browsers.close();
  await meeting?.stop();
});

test('the Janus node of a meeting is killed: the meeting moves to the other node and both pages get media again by themselves', { timeout: 300_000 }, async () => {
  meeting = await startTwoNodeMeeting(browsers, 'Failover');
  const { janus, a, b, ids } = meeting;
  const videoA = await waitForMediaFrom(a.page, ids.bob, 'video');
  const videoB = await waitForMediaFrom(b.page, ids.alice, 'video');
  await waitForMix(a.page, 'sound');
  const mixA = await inboundMix(a.page);
  const mixB = await inboundMix(b.page);
  assert.ok(mixA && mixB, 'both pages play the audio mix');

  const counts = await Promise.all(janus.nodes.map(async (n) => (await n.videoRooms()).length));
  const carrying = counts.indexOf(1);
  assert.deepEqual([...counts].sort(), [0, 1], `the meeting is on one node (rooms per node: ${JSON.stringify(counts)})`);
  const dying = janus.nodes[carrying]!;
  const surviving = janus.nodes[1 - carrying]!;
  await dying.kill();

  await waitFor(async () => (await surviving.videoRooms()).length === 1, { timeoutMs: 30_000, message: 'the meeting’s rooms on the surviving node' });
  // The same participants (no new join): their pages made new connections to the new rooms.
  await waitForMediaFrom(a.page, ids.bob, 'video', { timeoutMs: 60_000, newerThanPc: videoA.pcIndex });
  await waitForMediaFrom(b.page, ids.alice, 'video', { timeoutMs: 60_000, newerThanPc: videoB.pcIndex });
  await waitForMix(a.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixA.pcIndex });
  await waitForMix(b.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixB.pcIndex });
  assert.equal(await participantId(a.page, 'Bob Failover'), ids.bob, 'Bob kept his place');
  for (const page of [a.page, b.page]) {
    assert.equal(await page.getByRole('button', { name: 'Leave' }).count(), 1, 'in the meeting');
    assert.equal(await page.getByRole('button', { name: 'Join', exact: true }).count(), 0, 'not on the pre-join screen');
  }
  await a.close();
  await b.close();
});
