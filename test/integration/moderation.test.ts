// Moderation, lobby, lock, raised hands and join-muted, at the protocol level against a real
// server and Janus: every decision is the server's, whatever a browser sends.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';

let moot: Moot;
let owner: TestUser;
let bob: TestUser;
let carol: TestUser;
let room: TestRoom;
const sockets = new Sockets();

before(async () => {
  moot = await startMoot();
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(moot, 'Olga Owner');
  bob = await addUser(moot, 'Bob Member');
  carol = await addUser(moot, 'Carol Member');
  room = await addRoom(moot, owner, 'Moderated room', 'link');
});

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await moot?.stop();
});

async function setRoom(settings: Record<string, unknown>): Promise<void> {
  const http = await signedIn(moot, owner);
  const res = await http.patch(`/api/rooms/${room.id}`, settings);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function meeting() {
  const o = await sockets.member(moot, owner);
  const oj = await o.join({ room: room.id });
  const b = await sockets.member(moot, bob);
  const bj = await b.join({ room: room.id });
  return { o, oj, b, bj };
}

test('a moderator mutes someone; the target is told and cannot be unmuted by force', async () => {
  await setRoom({ lobby: 'off', joinMutedAbove: 50 });
  const { o, b, bj } = await meeting();
  o.send({ type: 'moderate', action: 'mute', target: bj.self.id });
  const told = await b.next('mutedBy');
  assert.equal(told.kind, 'audio');
  assert.equal(told.by, 'Olga Owner');
  await o.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.audioMuted);

  o.send({ type: 'moderate', action: 'askUnmute', target: bj.self.id });
  assert.equal((await b.next('askUnmute')).by, 'Olga Owner');
  // Asking changes nothing: only the person can unmute.
  assert.equal(o.count((m) => m.type === 'participantUpdated' && m.participant.id === bj.self.id && !m.participant.audioMuted), 0);

  b.send({ type: 'mute', kind: 'audio', muted: false });
  await o.next('participantUpdated', (m) => m.participant.id === bj.self.id && !m.participant.audioMuted);
});

test('only moderators moderate, and the owner cannot be demoted or removed', async () => {
  await setRoom({ lobby: 'off' });
  const { o, oj, b, bj } = await meeting();
  b.send({ type: 'moderate', action: 'mute', target: oj.self.id });
  assert.equal((await b.nextError('moderate')).code, 'forbidden');
  b.send({ type: 'muteAll' });
  assert.equal((await b.nextError('muteAll')).code, 'forbidden');
  b.send({ type: 'lock', locked: true });
  assert.equal((await b.nextError('lock')).code, 'forbidden');

  o.send({ type: 'moderate', action: 'promote', target: bj.self.id });
  await b.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.role === 'moderator');
  b.send({ type: 'moderate', action: 'demote', target: oj.self.id });
  assert.equal((await b.nextError('moderate')).code, 'forbidden');
  b.send({ type: 'moderate', action: 'remove', target: oj.self.id });
  assert.equal((await b.nextError('moderate')).code, 'forbidden');
  o.send({ type: 'moderate', action: 'demote', target: bj.self.id });
  await b.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.role === 'participant');
  o.send({ type: 'moderate', action: 'mute', target: 'no-such-person' });
  assert.equal((await o.nextError('moderate')).code, 'not-found-participant');
});

test('mute everyone leaves the moderator on and tells each person', async () => {
  await setRoom({ lobby: 'off' });
  const { o, oj, b, bj } = await meeting();
  const c = await sockets.member(moot, carol);
  const cj = await c.join({ room: room.id });
  o.send({ type: 'muteAll' });
  await b.next('mutedBy');
  await c.next('mutedBy');
  await o.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.audioMuted);
  await o.next('participantUpdated', (m) => m.participant.id === cj.self.id && m.participant.audioMuted);
  assert.equal(o.count((m) => m.type === 'participantUpdated' && m.participant.id === oj.self.id && m.participant.audioMuted), 0);
});

test('lobby: guests wait; a moderator admits one and denies another', async () => {
  await setRoom({ lobby: 'guests' });
  const { o } = await meeting();
  const g1 = await sockets.guest(moot);
  g1.send({ type: 'join', room: room.id, name: 'Gina Guest' });
  assert.equal((await g1.next('waiting')).roomName, 'Moderated room');
  const lobby = await o.next('lobby', (m) => m.waiting.length === 1);
  assert.equal(lobby.waiting[0]!.name, 'Gina Guest');
  assert.equal(lobby.waiting[0]!.guest, true);

  const g2 = await sockets.guest(moot);
  g2.send({ type: 'join', room: room.id, name: 'Gus Guest' });
  await g2.next('waiting');
  const both = await o.next('lobby', (m) => m.waiting.length === 2);

  o.send({ type: 'admit', id: both.waiting[0]!.id });
  const joined = await g1.next('joined');
  assert.equal(joined.self.name, 'Gina Guest');
  await o.next('participantJoined', (m) => m.participant.name === 'Gina Guest');
  // Once admitted, the connection speaks for the guest.
  g1.send({ type: 'chat', text: 'thanks' });
  await o.next('chat', (m) => m.message.text === 'thanks');

  o.send({ type: 'deny', id: both.waiting[1]!.id });
  assert.equal((await g2.nextError('join')).code, 'lobby-denied');
  g2.send({ type: 'chat', text: 'let me in' });
  assert.equal((await g2.nextError('chat')).code, 'not-in-meeting');
});

test('a removed member cannot come back without admission; a locked room sends newcomers to the lobby', async () => {
  await setRoom({ lobby: 'off' });
  const { o, b, bj } = await meeting();
  o.send({ type: 'moderate', action: 'remove', target: bj.self.id });
  const ended = await b.next('meetingEnded');
  assert.equal(ended.reason, 'removed');
  await o.next('participantLeft', (m) => m.id === bj.self.id);

  const again = await sockets.member(moot, bob);
  again.send({ type: 'join', room: room.id });
  await again.next('waiting');
  const lobby = await o.next('lobby', (m) => m.waiting.some((w) => w.name === 'Bob Member'));

  o.send({ type: 'lock', locked: true });
  await o.next('locked', (m) => m.locked);
  const c = await sockets.member(moot, carol);
  c.send({ type: 'join', room: room.id });
  await c.next('waiting');

  o.send({ type: 'admit', id: lobby.waiting.find((w) => w.name === 'Bob Member')!.id });
  await again.next('joined');
});

test('a removed guest waits when their browser comes back; another guest from the same address does not', async () => {
  await setRoom({ lobby: 'off' });
  const { o } = await meeting();
  // Each browser looks at the room first (as the web client does) and so gets its guest key.
  const browserA = new HttpClient(moot.url);
  const browserB = new HttpClient(moot.url);
  assert.equal((await browserA.get(`/api/rooms/${room.id}/entry`)).status, 200);
  assert.equal((await browserB.get(`/api/rooms/${room.id}/entry`)).status, 200);
  const a = sockets.add(await SignalingClient.connect(moot.url, browserA));
  const aj = await a.join({ room: room.id, name: 'Gina Guest' });
  o.send({ type: 'moderate', action: 'remove', target: aj.self.id });
  assert.equal((await a.next('meetingEnded')).reason, 'removed');

  const b = sockets.add(await SignalingClient.connect(moot.url, browserB));
  const bj = await b.join({ room: room.id, name: 'Gus Guest' });
  assert.equal(bj.self.name, 'Gus Guest', 'a guest on the same address is not taken for the removed one');

  const again = sockets.add(await SignalingClient.connect(moot.url, browserA));
  again.send({ type: 'join', room: room.id, name: 'Gina Again' });
  await again.next('waiting');
});

test('raised hands keep their order and a moderator lowers one', async () => {
  await setRoom({ lobby: 'off' });
  const { o, b, bj } = await meeting();
  const c = await sockets.member(moot, carol);
  const cj = await c.join({ room: room.id });
  b.send({ type: 'hand', raised: true });
  const first = await o.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.handRaisedAt !== null);
  c.send({ type: 'hand', raised: true });
  const second = await o.next('participantUpdated', (m) => m.participant.id === cj.self.id && m.participant.handRaisedAt !== null);
  assert.ok(first.participant.handRaisedAt! <= second.participant.handRaisedAt!, 'Bob raised first');

  c.send({ type: 'moderate', action: 'lowerHand', target: bj.self.id });
  assert.equal((await c.nextError('moderate')).code, 'forbidden');
  o.send({ type: 'moderate', action: 'lowerHand', target: bj.self.id });
  await c.next('participantUpdated', (m) => m.participant.id === bj.self.id && m.participant.handRaisedAt === null);
});

test('people joining a meeting above the room size enter muted', async () => {
  await setRoom({ lobby: 'off', joinMutedAbove: 2 });
  const { bj } = await meeting();
  assert.equal(bj.self.audioMuted, false, 'the second person is within the size');
  const c = await sockets.member(moot, carol);
  const cj = await c.join({ room: room.id, audioMuted: false });
  assert.equal(cj.self.audioMuted, true, 'the third person arrives muted');
});
