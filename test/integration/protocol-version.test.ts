// The version handshake (docs/protocol.md): a page speaking another protocol version is told to
// reload, before anything else about its message is judged, and nothing happens in the meeting.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { errorMessages, PROTOCOL_VERSION } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import type { SignalingClient } from '../helpers/signaling.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ participantTimeoutSeconds: 30 });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Version');
  bob = await addUser(moot, 'Bob Version');
  room = await addRoom(moot, alice, 'Version room', 'off');
});

async function expectReloadHint(client: SignalingClient, ref: 'join' | 'resume', sent: string) {
  const error = await client.nextError(ref);
  assert.equal(error.code, 'unsupported-version', `error code (got ${JSON.stringify(error)})`);
  assert.equal(error.message, errorMessages['unsupported-version']);
  assert.equal(error.reload, true, 'the page is told to offer a reload');
  assert.deepEqual(error.details, [`this server speaks protocol version ${PROTOCOL_VERSION}; the page sent version ${sent}`]);
}

test('a join without a version or of another version is refused with a reload hint, and the current version joins', async () => {
  const watcher = await sockets.member(moot, bob);
  await watcher.join({ room: room.id });
  const aliceWs = await sockets.member(moot, alice);

  aliceWs.sendJson({ type: 'join', room: room.id });
  await expectReloadHint(aliceWs, 'join', 'none');
  // A page of a later version may send fields this server does not know: still a version refusal.
  aliceWs.sendJson({ type: 'join', version: PROTOCOL_VERSION + 1, room: room.id, camera: { width: 1280 } });
  await expectReloadHint(aliceWs, 'join', String(PROTOCOL_VERSION + 1));
  assert.equal(aliceWs.count((m) => m.type === 'joined'), 0, 'no refused join entered the meeting');

  const joined = await aliceWs.join({ room: room.id });
  assert.equal(joined.self.name, 'Alice Version');
  const seen = await watcher.next('participantJoined');
  assert.equal(seen.participant.id, joined.self.id, 'the first participant the others saw join is the one that spoke the right version');
});

test('a resume without the current version is refused and keeps the place for one that has it', async () => {
  const aliceWs = await sockets.member(moot, alice);
  const joined = await aliceWs.join({ room: room.id });
  aliceWs.drop();

  const back = await sockets.member(moot, alice);
  back.sendJson({ type: 'resume', token: joined.resumeToken });
  await expectReloadHint(back, 'resume', 'none');
  back.send({ type: 'resume', token: joined.resumeToken });
  const resumed = await back.next('joined');
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.self.id, joined.self.id, 'the same participant continues');
});
