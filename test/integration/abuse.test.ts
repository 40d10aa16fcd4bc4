// Attacks on the meeting door and on signaling, against a real server and Janus: each test is
// what an attacker tried, and what must happen instead.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import { sleep } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let coded: TestRoom;
let open: TestRoom;
const CODE = 'CorrectHorse42';
const suite = serverWithSockets({ guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Olga Owner');
  coded = await addRoom(moot, owner, 'Coded room', 'code', CODE);
  open = await addRoom(moot, owner, 'Open room', 'link');
});

test('guessing access codes from one socket is slowed after five mistakes, even the right code then waits, and it is audited', async () => {
  const guesser = await sockets.guest(moot);
  for (let i = 0; i < 5; i++) {
    guesser.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: `wrong${i}` });
    assert.equal((await guesser.nextError('join')).code, 'wrong-access-code');
  }
  guesser.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: 'wrong5' });
  assert.equal((await guesser.nextError('join')).code, 'wrong-access-code');
  // Three hundred more guesses are not even checked.
  for (let i = 0; i < 300; i++) guesser.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: `again${i}` });
  const refused = await guesser.nextError('join');
  assert.equal(refused.code, 'too-many-code-attempts');
  assert.match(refused.details?.[0] ?? '', /try again in \d+ s/);
  // A new socket from the same address is held up just the same.
  const another = await sockets.guest(moot);
  another.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: CODE });
  assert.equal((await another.nextError('join')).code, 'too-many-code-attempts');
  const log = await moot.cli<{ action: string; target: string }[]>(['audit', 'log', '--json']);
  assert.ok(log.some((e) => e.action === 'room.access-code-guessing' && e.target === coded.id), 'the guessing is in the audit log');
  // After the wait the right code works.
  await sleep(2100);
  const patient = await sockets.guest(moot);
  assert.equal((await patient.join({ room: coded.id, name: 'Patient Guest', accessCode: CODE })).self.name, 'Patient Guest');
});

test('a guest flooding the chat gets a handful through and a clear refusal for the rest', async () => {
  const host = await sockets.member(moot, owner);
  await host.join({ room: open.id });
  const flooder = await sockets.guest(moot);
  await flooder.join({ room: open.id, name: 'Flooder' });
  for (let i = 0; i < 200; i++) flooder.send({ type: 'chat', text: `spam ${i} ${'x'.repeat(1800)}` });
  assert.equal((await flooder.nextError('chat')).code, 'chat-too-fast');
  await sleep(500);
  const received = host.count((m) => m.type === 'chat' && m.message.from.name === 'Flooder');
  assert.ok(received >= 1 && received <= 6, `the host received ${received} of 200 flood messages`);
});

test('a socket sending messages as fast as it can is told to slow down and the server keeps serving others', async () => {
  const host = await sockets.member(moot, owner);
  await host.join({ room: open.id });
  const flooder = await sockets.guest(moot);
  await flooder.join({ room: open.id, name: 'Fast Hands' });
  for (let i = 0; i < 2000; i++) flooder.send({ type: 'hand', raised: i % 2 === 0 });
  assert.equal((await flooder.nextError()).code, 'too-many-messages');
  const updates = host.count((m) => m.type === 'participantUpdated');
  assert.ok(updates <= 250, `the host got ${updates} updates from 2000 messages`);
  host.send({ type: 'chat', text: 'still here' });
  await host.next('chat', (m) => m.message.text === 'still here');
});

test('one connection holds one place in one lobby; a second join while waiting is refused', async () => {
  const host = await sockets.member(moot, owner);
  await host.join({ room: open.id });
  host.send({ type: 'lock', locked: true });
  await host.next('locked');
  const waiter = await sockets.guest(moot);
  waiter.send({ type: 'join', room: open.id, name: 'Waiter' });
  await waiter.next('waiting');
  for (let i = 0; i < 20; i++) waiter.send({ type: 'join', room: open.id, name: `Waiter ${i}` });
  assert.equal((await waiter.nextError('join')).code, 'already-waiting');
  await sleep(300);
  const lobby = await host.next('lobby', (m) => m.waiting.length >= 1);
  assert.equal(lobby.waiting.length, 1);
  host.send({ type: 'admit', id: lobby.waiting[0]!.id });
  await waiter.next('joined');
  await waiter.close();
  await host.next('participantUpdated', (m) => m.participant.name === 'Waiter' && !m.participant.connected);
  assert.equal(host.count((m) => m.type === 'participantJoined'), 1, 'exactly one participant came in through that socket');
  host.send({ type: 'lock', locked: false });
});

test('one address cannot open more than a hundred signaling connections', async () => {
  const opened: SignalingClient[] = [];
  for (let i = 0; i < 100; i++) opened.push(sockets.add(await SignalingClient.connect(moot.url)));
  await assert.rejects(SignalingClient.connect(moot.url), /WebSocket upgrade refused: 429/);
  await opened[0]!.close();
  await sleep(200);
  sockets.add(await SignalingClient.connect(moot.url));
});

test('a member cannot make the server keep rooms without end', async () => {
  const maker = await addUser(moot, 'Rita Rooms');
  const http = await signedIn(moot, maker);
  const made = await Promise.all(Array.from({ length: 100 }, (_, i) => http.post('/api/rooms', { name: `Room ${i}`, guests: 'off' })));
  assert.deepEqual([...new Set(made.map((r) => r.status))], [201]);
  const refused = await http.post('/api/rooms', { name: 'One too many', guests: 'off' });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'too-many-rooms');
});

test('a room for guests with a code gets eight random digits, and only its moderators are shown the code on entry', async () => {
  const http = await signedIn(moot, owner);
  const created = await http.post('/api/rooms', { name: 'Training', guests: 'code' });
  assert.equal(created.status, 201);
  const code: string = created.body.room.accessCode;
  assert.match(code, /^\d{8}$/);
  const ownerEntry = await http.get(`/api/rooms/${created.body.room.id}/entry`);
  assert.equal(ownerEntry.body.accessCode, code);
  const guestEntry = await new HttpClient(moot.url).get(`/api/rooms/${created.body.room.id}/entry`);
  assert.equal(guestEntry.body.accessCode, undefined);
  assert.equal(guestEntry.body.needsAccessCode, true);
});
