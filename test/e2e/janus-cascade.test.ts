// One meeting cascaded over two Janus nodes, with real browsers: moot is told that a node carries
// one member of a meeting, so the second member's connections go to the other node. Each page
// must connect to its own node only, and still see the other's camera and hear the other's voice:
// the video crosses as a VideoRoom remote publisher, the voice through the AudioBridge link. When
// one of the two nodes dies, the meeting carries on, whole, on the other.
import assert from 'node:assert/strict';
import { after, afterEach } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { Browsers, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { connected } from '../helpers/ice-paths.ts';
import type { JanusNode } from '../helpers/janus-nodes.ts';
import { startTwoNodeMeeting, type TwoNodeMeeting } from '../helpers/two-node-meeting.ts';
import { waitFor } from '../helpers/wait.ts';

const browsers = new Browsers();
let meeting: TwoNodeMeeting | undefined;
afterEach(() => browsers.closePages());
after(async () => {
  await browsers.close();
  await meeting?.stop();
});

/** Which node each of a page's connections reaches, by the port of its selected candidate pair. */
function nodesReached(nodes: JanusNode[], ports: (number | null)[]): number[] {
  return ports.map((port) => nodes.findIndex((n) => port !== null && port >= n.rtpPorts.from && port <= n.rtpPorts.to));
}

test('a meeting cascaded over two Janus nodes: each member connects to its own node and sees and hears the other; when one node dies the meeting goes on whole on the other', { timeout: 300_000 }, async () => {
  meeting = await startTwoNodeMeeting(browsers, 'Cascade', { MOOT_JANUS_CASCADE_MEMBERS: '1' });
  const { janus, a, b, ids } = meeting;

  await waitForMediaFrom(a.page, ids.bob, 'video', { timeoutMs: 60_000 });
  await waitForMediaFrom(b.page, ids.alice, 'video', { timeoutMs: 60_000 });
  // A member's own voice is never in the mix they receive: sound here is the other node's member.
  await waitForMix(a.page, 'sound', { timeoutMs: 60_000 });
  await waitForMix(b.page, 'sound', { timeoutMs: 60_000 });

  // Microphone, camera and receiving connection of each page.
  const reachedA = nodesReached(janus.nodes, (await connected(a.page, 3)).map((p) => p.remotePort));
  const reachedB = nodesReached(janus.nodes, (await connected(b.page, 3)).map((p) => p.remotePort));
  assert.equal(new Set(reachedA).size, 1, `Alice’s connections all reach one node (${reachedA})`);
  assert.equal(new Set(reachedB).size, 1, `Bob’s connections all reach one node (${reachedB})`);
  assert.ok(reachedA[0]! >= 0 && reachedB[0]! >= 0 && reachedA[0] !== reachedB[0], `Alice and Bob are on different nodes (${reachedA[0]}, ${reachedB[0]})`);

  const counts = await Promise.all(janus.nodes.map(async (n) => (await n.videoRooms()).length));
  assert.deepEqual(counts, [1, 1], 'the meeting has rooms on both nodes');

  // The node of the member who came second dies: the whole meeting is made anew on the node left,
  // which now carries both, and both pages publish and receive again by themselves.
  const dying = janus.nodes[reachedB[0]!]!;
  const surviving = janus.nodes[reachedA[0]!]!;
  const [videoA, videoB] = [await waitForMediaFrom(a.page, ids.bob, 'video'), await waitForMediaFrom(b.page, ids.alice, 'video')];
  await dying.kill();
  await waitForMediaFrom(a.page, ids.bob, 'video', { timeoutMs: 60_000, newerThanPc: videoA.pcIndex });
  await waitForMediaFrom(b.page, ids.alice, 'video', { timeoutMs: 60_000, newerThanPc: videoB.pcIndex });
  await waitForMix(a.page, 'sound', { timeoutMs: 60_000 });
  await waitForMix(b.page, 'sound', { timeoutMs: 60_000 });
  const survivor = janus.nodes.indexOf(surviving);
  for (const page of [a.page, b.page]) {
    const reached = nodesReached(janus.nodes, (await connected(page, 3)).map((p) => p.remotePort));
    assert.deepEqual(new Set(reached), new Set([survivor]), `every connection reaches the node left (${reached})`);
  }
  assert.equal((await surviving.videoRooms()).length, 1, 'the meeting’s old rooms there were ended, its new ones made');

  await a.close();
  await b.close();
  await waitFor(async () => (await surviving.videoRooms()).length === 0, { timeoutMs: 60_000, message: 'the meeting’s rooms ended once everyone left' });
});
