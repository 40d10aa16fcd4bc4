// The shared documents outlive a server restart: what was drawn a moment before the server was
// stopped (well within the while between two saves of a running meeting) is on the board of the
// room's next meeting on the restarted server.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import * as Y from 'yjs';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets } from '../helpers/fixtures.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';

const servers: Moot[] = [];
const sockets = new Sockets();
after(async () => {
  await sockets.closeAll();
  for (const moot of servers) await moot.stop();
});

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

test('a stroke drawn just before the server stops is on the board of the next meeting after the restart', { timeout: 180_000 }, async () => {
  const dataDir = makeTempDir('moot-collab-restart-');
  const first = await startMoot({ dataDir });
  servers.push(first);
  const alice = await addUser(first, 'Alice Drawer');
  const room = await addRoom(first, alice, 'Board room');

  const socket = await sockets.member(first, alice);
  await socket.join({ room: room.id });
  const doc = new Y.Doc();
  socket.send({ type: 'collabSync', doc: 'board', stateVector: base64(Y.encodeStateVector(doc)) });
  await socket.next('collabState', (m) => m.doc === 'board');
  const stroke = new Y.Map<unknown>();
  doc.getArray('page:blank').push([stroke]);
  stroke.set('tool', 'pen');
  stroke.set('color', '#d1242f');
  socket.send({ type: 'collabUpdate', doc: 'board', update: base64(Y.encodeStateAsUpdate(doc)) });
  // Messages are handled in order: once this is answered, the stroke is on the server's board.
  socket.send({ type: 'collabSync', doc: 'board', stateVector: base64(Y.encodeStateVector(doc)) });
  await socket.next('collabState', (m) => m.doc === 'board');
  assert.equal(socket.count((m) => m.type === 'error'), 0);
  await first.stop();

  const second = await startMoot({ dataDir, env: first.env });
  servers.push(second);
  const again = await sockets.member(second, alice);
  await again.join({ room: room.id });
  again.send({ type: 'collabSync', doc: 'board', stateVector: base64(Y.encodeStateVector(new Y.Doc())) });
  const state = await again.next('collabState', (m) => m.doc === 'board');
  const reopened = new Y.Doc();
  Y.applyUpdate(reopened, Buffer.from(state.update, 'base64'));
  const items = reopened.getArray<Y.Map<unknown>>('page:blank').toArray();
  assert.equal(items.length, 1);
  assert.deepEqual(items[0]?.toJSON(), { tool: 'pen', color: '#d1242f' });
});
