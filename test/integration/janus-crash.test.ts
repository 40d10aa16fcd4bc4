// The server supervises its Janus child: after a SIGKILL it reports Janus down, starts a new
// one, reports up again, and tells every connected participant to publish again (mediaReset).
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
const suite = serverWithSockets({ participantTimeoutSeconds: 10 });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Crash');
  bob = await addUser(moot, 'Bob Crash');
  room = await addRoom(moot, alice, 'Crash room');
});

test('Janus killed with SIGKILL: health goes down then up, participants get mediaReset', async () => {
  const a = await sockets.member(moot, alice);
  const b = await sockets.member(moot, bob);
  const joinedA = await a.join({ room: room.id });
  const joinedB = await b.join({ room: room.id });
  await waitFor(async () => (await listVideoRooms(moot.janusWsPort, moot.dataDir)).length === 1, {
    message: 'the meeting’s VideoRoom',
  });

  const before = moot.janusPids();
  assert.equal(before.length, 1, `exactly one Janus process for this server, found ${JSON.stringify(before)}`);
  const oldPid = before[0]!;

  let sawDown = false;
  const watchDown = waitFor(
    async () => {
      const h = await moot.health();
      if (h?.janus === 'down') sawDown = true;
      return sawDown;
    },
    { timeoutMs: 20_000, intervalMs: 20, message: '/api/health to report janus down' },
  );
  process.kill(oldPid, 'SIGKILL');
  await watchDown;
  assert.equal(moot.running(), true, 'the server itself survives');

  await waitFor(async () => (await moot.health())?.janus === 'up', {
    timeoutMs: 30_000,
    intervalMs: 100,
    message: '/api/health to report janus up again',
  });
  const afterPids = moot.janusPids();
  assert.equal(afterPids.length, 1, `one new Janus process, found ${JSON.stringify(afterPids)}`);
  assert.notEqual(afterPids[0], oldPid);

  await a.next('mediaReset', undefined, 30_000);
  await b.next('mediaReset', undefined, 30_000);

  // Signaling is untouched: the two are still in the same meeting and can talk.
  b.send({ type: 'chat', text: 'after the crash' });
  const chat = await a.next('chat', (m) => m.message.text === 'after the crash');
  assert.equal(chat.message.from.id, joinedB.self.id);
  assert.equal(a.count((m) => m.type === 'participantLeft' || m.type === 'meetingEnded'), 0);
  assert.equal(b.count((m) => m.type === 'participantLeft' || m.type === 'meetingEnded'), 0);

  // The new Janus answers its API and the meeting ends cleanly on it.
  a.send({ type: 'endMeeting' });
  await b.next('meetingEnded', (m) => m.reason === 'ended-by-moderator');
  await waitFor(async () => (await listVideoRooms(moot.janusWsPort, moot.dataDir)).length === 0, {
    message: 'no VideoRoom left after the meeting ended',
  });
  assert.equal(joinedA.self.role, 'moderator');
});
