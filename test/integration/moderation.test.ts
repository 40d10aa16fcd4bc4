// Moderation, lobby, lock, raised hands and join-muted, at the protocol level against a real
// server and Janus: every decision is the server's, whatever a browser sends.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';

let moot: Moot;
let owner: TestUser;
let bob: TestUser;
let carol: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Olga Owner');
  bob = await addUser(moot, 'Bob Member');
  carol = await addUser(moot, 'Carol Member');
  room = await addRoom(moot, owner, 'Moderated room', 'link');
});

async function setRoom(settings: Record<string, unknown>): Promise<void> {
  const http = await signedIn(moot, owner);
  const res = await http.patch(`/api/rooms/${room.id}`, settings);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function meeting() {
  const ownerWs = await sockets.member(moot, owner);
  const ownerIn = await ownerWs.join({ room: room.id });
  const bobWs = await sockets.member(moot, bob);
  const bobIn = await bobWs.join({ room: room.id });
  return { ownerWs, ownerIn, bobWs, bobIn };
}

test('a moderator mutes someone; the target is told and cannot be unmuted by force', async () => {
  await setRoom({ lobby: 'off', joinMutedAbove: 50 });
  const { ownerWs, bobWs, bobIn } = await meeting();
  ownerWs.send({ type: 'moderate', action: 'mute', target: bobIn.self.id });
  const told = await bobWs.next('mutedBy');
  assert.equal(told.kind, 'audio');
  assert.equal(told.by, 'Olga Owner');
  await ownerWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.audioMuted);

  ownerWs.send({ type: 'moderate', action: 'askUnmute', target: bobIn.self.id });
  assert.equal((await bobWs.next('askUnmute')).by, 'Olga Owner');
  // Asking changes nothing: only the person can unmute.
  assert.equal(ownerWs.count((m) => m.type === 'participantUpdated' && m.participant.id === bobIn.self.id && !m.participant.audioMuted), 0);

  bobWs.send({ type: 'mute', kind: 'audio', muted: false });
  await ownerWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && !m.participant.audioMuted);
});

test('only moderators moderate, and the owner cannot be demoted or removed', async () => {
  await setRoom({ lobby: 'off' });
  const { ownerWs, ownerIn, bobWs, bobIn } = await meeting();
  bobWs.send({ type: 'moderate', action: 'mute', target: ownerIn.self.id });
  assert.equal((await bobWs.nextError('moderate')).code, 'forbidden');
  bobWs.send({ type: 'muteAll' });
  assert.equal((await bobWs.nextError('muteAll')).code, 'forbidden');
  bobWs.send({ type: 'lock', locked: true });
  assert.equal((await bobWs.nextError('lock')).code, 'forbidden');

  ownerWs.send({ type: 'moderate', action: 'promote', target: bobIn.self.id });
  await bobWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.role === 'moderator');
  bobWs.send({ type: 'moderate', action: 'demote', target: ownerIn.self.id });
  assert.equal((await bobWs.nextError('moderate')).code, 'forbidden');
  bobWs.send({ type: 'moderate', action: 'remove', target: ownerIn.self.id });
  assert.equal((await bobWs.nextError('moderate')).code, 'forbidden');
  ownerWs.send({ type: 'moderate', action: 'demote', target: bobIn.self.id });
  await bobWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.role === 'participant');
  ownerWs.send({ type: 'moderate', action: 'mute', target: 'no-such-person' });
  assert.equal((await ownerWs.nextError('moderate')).code, 'not-found-participant');
});

test('mute everyone leaves the moderator on and tells each person', async () => {
  await setRoom({ lobby: 'off' });
  const { ownerWs, ownerIn, bobWs, bobIn } = await meeting();
  const carolWs = await sockets.member(moot, carol);
  const carolIn = await carolWs.join({ room: room.id });
  ownerWs.send({ type: 'muteAll' });
  await bobWs.next('mutedBy');
  await carolWs.next('mutedBy');
  await ownerWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.audioMuted);
  await ownerWs.next('participantUpdated', (m) => m.participant.id === carolIn.self.id && m.participant.audioMuted);
  assert.equal(ownerWs.count((m) => m.type === 'participantUpdated' && m.participant.id === ownerIn.self.id && m.participant.audioMuted), 0);
});

test('lobby: guests wait; a moderator admits one and denies another', async () => {
  await setRoom({ lobby: 'guests' });
  const { ownerWs } = await meeting();
  const g1 = await sockets.guest(moot);
  g1.send({ type: 'join', room: room.id, name: 'Gina Guest' });
  assert.equal((await g1.next('waiting')).roomName, 'Moderated room');
  const lobby = await ownerWs.next('lobby', (m) => m.waiting.length === 1);
  assert.equal(lobby.waiting[0]!.name, 'Gina Guest');
  assert.equal(lobby.waiting[0]!.guest, true);

  const g2 = await sockets.guest(moot);
  g2.send({ type: 'join', room: room.id, name: 'Gus Guest' });
  await g2.next('waiting');
  const both = await ownerWs.next('lobby', (m) => m.waiting.length === 2);

  ownerWs.send({ type: 'admit', id: both.waiting[0]!.id });
  const joined = await g1.next('joined');
  assert.equal(joined.self.name, 'Gina Guest');
  await ownerWs.next('participantJoined', (m) => m.participant.name === 'Gina Guest');
  // Once admitted, the connection speaks for the guest.
  g1.send({ type: 'chat', text: 'thanks' });
  await ownerWs.next('chat', (m) => m.message.text === 'thanks');

  ownerWs.send({ type: 'deny', id: both.waiting[1]!.id });
  assert.equal((await g2.nextError('join')).code, 'lobby-denied');
  g2.send({ type: 'chat', text: 'let me in' });
  assert.equal((await g2.nextError('chat')).code, 'not-in-meeting');
});

test('a removed member cannot come back without admission; a locked room sends newcomers to the lobby', async () => {
  await setRoom({ lobby: 'off' });
  const { ownerWs, bobWs, bobIn } = await meeting();
  ownerWs.send({ type: 'moderate', action: 'remove', target: bobIn.self.id });
  const ended = await bobWs.next('meetingEnded');
  assert.equal(ended.reason, 'removed');
  await ownerWs.next('participantLeft', (m) => m.id === bobIn.self.id);

  const again = await sockets.member(moot, bob);
  again.send({ type: 'join', room: room.id });
  await again.next('waiting');
  const lobby = await ownerWs.next('lobby', (m) => m.waiting.some((w) => w.name === 'Bob Member'));

  ownerWs.send({ type: 'lock', locked: true });
  await ownerWs.next('locked', (m) => m.locked);
  const carolWs = await sockets.member(moot, carol);
  carolWs.send({ type: 'join', room: room.id });
  await carolWs.next('waiting');

  ownerWs.send({ type: 'admit', id: lobby.waiting.find((w) => w.name === 'Bob Member')!.id });
  await again.next('joined');
});

test('after a guest is removed, that browser and every guest arriving later wait for a moderator, whatever their cookies; members still enter', async () => {
  await setRoom({ lobby: 'off' });
  const { ownerWs } = await meeting();
  // Each browser looks at the room first (as the web client does) and so gets its guest key.
  const ginaBrowser = new HttpClient(moot.url);
  assert.equal((await ginaBrowser.get(`/api/rooms/${room.id}/entry`)).status, 200);
  const gina = sockets.add(await SignalingClient.connect(moot.url, ginaBrowser));
  const ginaIn = await gina.join({ room: room.id, name: 'Gina Guest' });
  ownerWs.send({ type: 'moderate', action: 'remove', target: ginaIn.self.id });
  assert.equal((await gina.next('meetingEnded')).reason, 'removed');

  const again = sockets.add(await SignalingClient.connect(moot.url, ginaBrowser));
  again.send({ type: 'join', room: room.id, name: 'Gina Again' });
  await again.next('waiting');

  // The attack: the removed guest drops the cookie (or forges one) and comes back as someone new.
  const noCookie = sockets.add(await SignalingClient.connect(moot.url, new HttpClient(moot.url)));
  noCookie.send({ type: 'join', room: room.id, name: 'Not Gina' });
  await noCookie.next('waiting');
  const forged = new HttpClient(moot.url);
  forged.cookies.set('moot_guest', 'anything-at-all');
  const forgedWs = sockets.add(await SignalingClient.connect(moot.url, forged));
  forgedWs.send({ type: 'join', room: room.id, name: 'Also Not Gina' });
  await forgedWs.next('waiting');
  const lobby = await ownerWs.next('lobby', (m) => m.waiting.length === 3);
  assert.deepEqual(lobby.waiting.map((w) => w.name).sort(), ['Also Not Gina', 'Gina Again', 'Not Gina']);

  const carolWs = await sockets.member(moot, carol);
  assert.equal((await carolWs.join({ room: room.id })).self.name, 'Carol Member', 'members are not held up by a removed guest');
});

test('raised hands keep their order and a moderator lowers one', async () => {
  await setRoom({ lobby: 'off' });
  const { ownerWs, bobWs, bobIn } = await meeting();
  const carolWs = await sockets.member(moot, carol);
  const carolIn = await carolWs.join({ room: room.id });
  bobWs.send({ type: 'hand', raised: true });
  const first = await ownerWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.handRaisedAt !== null);
  carolWs.send({ type: 'hand', raised: true });
  const second = await ownerWs.next('participantUpdated', (m) => m.participant.id === carolIn.self.id && m.participant.handRaisedAt !== null);
  assert.ok(first.participant.handRaisedAt! <= second.participant.handRaisedAt!, 'Bob raised first');

  carolWs.send({ type: 'moderate', action: 'lowerHand', target: bobIn.self.id });
  assert.equal((await carolWs.nextError('moderate')).code, 'forbidden');
  ownerWs.send({ type: 'moderate', action: 'lowerHand', target: bobIn.self.id });
  await carolWs.next('participantUpdated', (m) => m.participant.id === bobIn.self.id && m.participant.handRaisedAt === null);
});

test('people joining a meeting above the room size enter muted', async () => {
  await setRoom({ lobby: 'off', joinMutedAbove: 2 });
  const { bobIn } = await meeting();
  assert.equal(bobIn.self.audioMuted, false, 'the second person is within the size');
  const carolWs = await sockets.member(moot, carol);
  const carolIn = await carolWs.join({ room: room.id, audioMuted: false });
  assert.equal(carolIn.self.audioMuted, true, 'the third person arrives muted');
});
