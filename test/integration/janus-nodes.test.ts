// moot over two external Janus nodes: new meetings go to the least-loaded node, a drained node
// takes none, and the meetings of a node killed with SIGKILL are made anew on the other one.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestUser } from '../helpers/fixtures.ts';
import { startJanusNodes, type JanusNodes } from '../helpers/janus-nodes.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';

interface NodeRecord {
  url: string;
  state: string;
  draining: boolean;
  meetings: number;
  participants: number;
}

let janus: JanusNodes;
let moot: Moot;
let owner: TestUser;
const sockets = new Sockets();

before(async () => {
  janus = await startJanusNodes(2);
  moot = await startMoot({ env: janus.env });
  owner = await addUser(moot, 'Nora Nodes');
});

after(async () => {
  await sockets.closeAll();
  await moot?.stop();
  await janus?.stop();
});

/** A new room and one member in its meeting. */
async function meeting(name: string): Promise<SignalingClient> {
  const room = await addRoom(moot, owner, name);
  const client = await sockets.member(moot, owner);
  await client.join({ room: room.id });
  return client;
}

const roomCounts = async () => Promise.all(janus.nodes.map(async (n) => (await n.videoRooms()).length));

const listed = async () => moot.cli<NodeRecord[]>(['janus', 'list', '--json']);

async function waitForListed(check: (nodes: NodeRecord[]) => boolean, message: string): Promise<NodeRecord[]> {
  return waitFor(
    async () => {
      const nodes = await listed();
      return check(nodes) ? nodes : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 250, message },
  );
}

test('meetings spread over both nodes, a drained node takes none, a killed node’s meetings move to the other', async () => {
  const [a, b] = janus.nodes;
  assert.ok(a && b);

  const first = await meeting('First');
  const second = await meeting('Second');
  assert.deepEqual(await roomCounts(), [1, 1], 'one meeting on each node');
  const spread = await waitForListed((nodes) => nodes.every((n) => n.state === 'up' && n.meetings === 1), 'the list to show one meeting on each node');
  assert.deepEqual(
    spread.map((n) => n.url),
    [a.url, b.url],
  );

  const unknown = await moot.cliRaw(['janus', 'drain', 'ws://127.0.0.1:1', '--json']);
  assert.equal(unknown.code, 1, 'an unknown node cannot be drained');
  assert.match(unknown.stdout, /no Janus node ws:\/\/127\.0\.0\.1:1/);
  await moot.cli(['janus', 'drain', b.url, '--json']);
  await waitForListed((nodes) => nodes.find((n) => n.url === b.url)?.state === 'draining', 'the server to learn that the node is drained');
  const third = await meeting('Third');
  const fourth = await meeting('Fourth');
  assert.deepEqual(await roomCounts(), [3, 1], 'the new meetings went to the node that is not drained');
  assert.equal(second.count((m) => m.type === 'mediaReset'), 0, 'the drained node’s meeting goes on');

  await moot.cli(['janus', 'undrain', b.url, '--json']);
  await waitForListed((nodes) => nodes.find((n) => n.url === b.url)?.state === 'up', 'the server to learn that the node takes meetings again');
  await a.kill();
  await first.next('mediaReset', undefined, 30_000);
  await third.next('mediaReset', undefined, 30_000);
  await fourth.next('mediaReset', undefined, 30_000);
  assert.equal((await b.videoRooms()).length, 4, 'every meeting now has its rooms on the surviving node');
  assert.equal(second.count((m) => m.type === 'mediaReset'), 0, 'the surviving node’s own meeting was left alone');
  // The server reports every 3 s: the list may first show the node down with its meetings still on it.
  const afterKill = await waitForListed((nodes) => nodes[0]?.state === 'down' && nodes[0].meetings === 0, 'the list to show the killed node down and empty');
  assert.deepEqual(
    afterKill.map((n) => [n.url, n.state, n.meetings]),
    [
      [a.url, 'down', 0],
      [b.url, 'up', 4],
    ],
  );
  assert.equal((await moot.health())?.janus, 'up', 'the server still has a Janus');
  const metrics = await (await fetch(`${moot.url}/metrics`)).text();
  assert.match(metrics, new RegExp(`^moot_janus_node_meetings\\{node="${a.url}",state="down"\\} 0$`, 'm'));
  assert.match(metrics, new RegExp(`^moot_janus_node_meetings\\{node="${b.url}",state="up"\\} 4$`, 'm'));

  // Signaling went on through it all: the moved meeting still carries chat.
  first.send({ type: 'chat', text: 'after the move' });
  await first.next('chat', (m) => m.message.text === 'after the move');
});
