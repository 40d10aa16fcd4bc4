// Meeting lifecycle against a real server, a real Janus and a real SQLite file: the Janus
// VideoRoom exists exactly while a meeting runs.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { listVideoRooms } from '../helpers/janus.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ participantTimeoutSeconds: 5, guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  bob = await addUser(moot, 'Bob Member');
  room = await addRoom(moot, alice, 'Lifecycle room', 'link');
});

/** Ids of everyone in the meeting per a `joined` message (whether or not `participants` lists self). */
const everyone = (joined: { self: { id: string }; participants: Array<{ id: string }> }) =>
  [...new Set([joined.self.id, ...joined.participants.map((p) => p.id)])].sort();

const roomCount = async () => (await listVideoRooms(moot.janusWsPort, moot.dataDir)).length;

test('the first join creates the Janus VideoRoom and the last leave destroys it', async () => {
  const baseline = await roomCount();

  const aliceWs = await sockets.member(moot, alice);
  const joinedA = await aliceWs.join({ room: room.id });
  assert.equal(joinedA.self.name, 'Alice Owner');
  assert.equal(joinedA.self.role, 'moderator', 'the owner is a moderator of their room');
  assert.equal(joinedA.resumed, false);
  assert.deepEqual(everyone(joinedA), [joinedA.self.id]);
  await waitFor(async () => (await roomCount()) === baseline + 1, { message: 'a VideoRoom after the first join' });

  const bobWs = await sockets.member(moot, bob);
  const joinedB = await bobWs.join({ room: room.id });
  assert.notEqual(joinedB.self.id, joinedA.self.id);
  assert.deepEqual(everyone(joinedB), [joinedA.self.id, joinedB.self.id].sort());
  const seen = await aliceWs.next('participantJoined');
  assert.equal(seen.participant.id, joinedB.self.id);
  assert.equal(await roomCount(), baseline + 1, 'a second participant shares the VideoRoom');

  aliceWs.send({ type: 'leave' });
  const left = await bobWs.next('participantLeft');
  assert.equal(left.id, joinedA.self.id);
  assert.equal(await roomCount(), baseline + 1, 'the VideoRoom stays while someone is in the meeting');

  bobWs.send({ type: 'leave' });
  await waitFor(async () => (await roomCount()) === baseline, { message: 'the VideoRoom to be destroyed after the last leave' });
  await sockets.closeAll();
});

test('a moderator ending the meeting destroys the VideoRoom and tells everyone', async () => {
  const baseline = await roomCount();
  const aliceWs = await sockets.member(moot, alice);
  const bobWs = await sockets.member(moot, bob);
  const guestWs = await sockets.guest(moot);
  const joinedA = await aliceWs.join({ room: room.id });
  const joinedB = await bobWs.join({ room: room.id });
  const joinedG = await guestWs.join({ room: room.id, name: 'Gina Guest' });
  assert.equal(joinedB.self.role, 'participant');
  assert.equal(joinedG.self.role, 'guest');
  assert.equal(joinedG.self.name, 'Gina Guest');
  await waitFor(async () => (await roomCount()) === baseline + 1, { message: 'a VideoRoom for the meeting' });

  // Neither a guest nor a plain participant may end it.
  guestWs.send({ type: 'endMeeting' });
  assert.equal((await guestWs.nextError('endMeeting')).code, 'forbidden');
  bobWs.send({ type: 'endMeeting' });
  assert.equal((await bobWs.nextError('endMeeting')).code, 'forbidden');
  assert.equal(await roomCount(), baseline + 1);

  aliceWs.send({ type: 'endMeeting' });
  for (const [client, who] of [
    [aliceWs, 'moderator'],
    [bobWs, 'participant'],
    [guestWs, 'guest'],
  ] as const) {
    const ended = await client.next('meetingEnded');
    assert.equal(ended.reason, 'ended-by-moderator', `${who} learns why the meeting ended`);
  }
  await waitFor(async () => (await roomCount()) === baseline, { message: 'the VideoRoom to be destroyed by endMeeting' });

  // A connection the server keeps open is out of the meeting: a chat is refused.
  if (!bobWs.closed) {
    bobWs.send({ type: 'chat', text: 'anyone?' });
    assert.equal((await bobWs.nextError('chat')).code, 'not-in-meeting');
  }
  assert.equal(joinedA.self.role, 'moderator');

  // The room can host a new meeting afterwards.
  const again = await sockets.member(moot, bob);
  await again.join({ room: room.id });
  await waitFor(async () => (await roomCount()) === baseline + 1, { message: 'a new VideoRoom for a new meeting' });
  again.send({ type: 'leave' });
  await waitFor(async () => (await roomCount()) === baseline, { message: 'the new VideoRoom to go' });
  await sockets.closeAll();
});
