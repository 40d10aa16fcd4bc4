// A dropped signaling connection keeps its place for MOOT_MEETING_PARTICIPANT_TIMEOUT_SECONDS:
// `resume` within it continues as the same participant; after it, the participant is gone.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const GRACE_SECONDS = 4;
let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ participantTimeoutSeconds: GRACE_SECONDS, guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Reconnect');
  bob = await addUser(moot, 'Bob Watcher');
  room = await addRoom(moot, alice, 'Reconnect room', 'link');
});

test('resume within the grace period keeps the same participant and nobody sees a leave', async () => {
  const aliceWs = await sockets.member(moot, alice);
  const bobWs = await sockets.member(moot, bob);
  const guestWs = await sockets.guest(moot);
  const joinedA = await aliceWs.join({ room: room.id });
  await bobWs.join({ room: room.id });
  const joinedG = await guestWs.join({ room: room.id, name: 'Gus Guest' });
  assert.ok(joinedA.resumeToken.length >= 16, 'a resume token is handed out');

  aliceWs.drop();
  guestWs.drop();
  const down = await bobWs.next('participantUpdated', (m) => m.participant.id === joinedA.self.id && !m.participant.connected);
  assert.equal(down.participant.name, 'Alice Reconnect');

  // The member comes back on a new connection (with their cookie), the guest without one.
  const a2 = await sockets.member(moot, alice);
  a2.send({ type: 'resume', token: joinedA.resumeToken });
  const resumed = await a2.next('joined');
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.self.id, joinedA.self.id, 'same participant id after resume');
  assert.equal(resumed.self.connected, true);
  const g2 = await sockets.guest(moot);
  g2.send({ type: 'resume', token: joinedG.resumeToken });
  const resumedG = await g2.next('joined');
  assert.equal(resumedG.self.id, joinedG.self.id);
  assert.equal(resumedG.self.role, 'guest');
  await bobWs.next('participantUpdated', (m) => m.participant.id === joinedA.self.id && m.participant.connected);

  // Let the grace period pass completely: a leave timer that was not cancelled would fire now.
  await sleep((GRACE_SECONDS + 2) * 1000);
  a2.send({ type: 'chat', text: 'still here' });
  const chat = await bobWs.next('chat', (m) => m.message.text === 'still here');
  assert.equal(chat.message.from.id, joinedA.self.id);
  await g2.next('chat', (m) => m.message.text === 'still here');
  assert.equal(bobWs.count((m) => m.type === 'participantLeft'), 0, 'nobody left the meeting');
  assert.equal(bobWs.count((m) => m.type === 'participantJoined'), 1, 'only the guest joined after Bob; resumes are not joins');

  for (const c of [a2, bobWs, g2]) c.send({ type: 'leave' });
  await sockets.closeAll();
});

test('after the grace period the participant is removed and resume fails', async () => {
  const aliceWs = await sockets.member(moot, alice);
  const bobWs = await sockets.member(moot, bob);
  const joinedA = await aliceWs.join({ room: room.id });
  await bobWs.join({ room: room.id });

  aliceWs.drop();
  const left = await bobWs.next('participantLeft', (m) => m.id === joinedA.self.id, (GRACE_SECONDS + 20) * 1000);
  assert.equal(left.id, joinedA.self.id);

  const a2 = await sockets.member(moot, alice);
  a2.send({ type: 'resume', token: joinedA.resumeToken });
  const refused = await a2.nextError('resume');
  assert.equal(refused.code, 'resume-failed');
  assert.equal(refused.message, 'Your place in the meeting has expired. Please join again.');

  // Joining afresh works and is a new participant.
  const rejoined = await a2.join({ room: room.id });
  assert.notEqual(rejoined.self.id, joinedA.self.id);
  assert.equal(rejoined.resumed, false);
  await bobWs.next('participantJoined', (m) => m.participant.id === rejoined.self.id);
  await sockets.closeAll();
});

test('a resume token is useless to anyone after a clean leave', async () => {
  const aliceWs = await sockets.member(moot, alice);
  const joinedA = await aliceWs.join({ room: room.id });
  aliceWs.send({ type: 'leave' });
  await aliceWs.close();
  const other = await SignalingClient.connect(moot.url);
  sockets.add(other);
  other.send({ type: 'resume', token: joinedA.resumeToken });
  const answer = await waitFor(() => other.received.find((m) => m.type === 'joined' || m.type === 'error'), {
    message: 'an answer to resume',
  });
  assert.equal(answer.type, 'error');
  assert.equal(answer.type === 'error' && answer.code, 'resume-failed');
  await sockets.closeAll();
});
