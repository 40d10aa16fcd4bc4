// What the server refuses, and how: every refusal carries the code and message from
// packages/protocol/src/errors.ts, and a refused message changes nothing.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe } from 'node:test';
import { errorMessages, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type ErrorCode } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, Sockets, unknownRoomId, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient, type HttpResponse } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import type { SignalingClient } from '../helpers/signaling.ts';

let moot: Moot;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let open: TestRoom;
let membersOnly: TestRoom;
let coded: TestRoom;
let small: TestRoom;
const sockets = new Sockets();

before(async () => {
  moot = await startMoot({ participantTimeoutSeconds: 3 });
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  alice = await addUser(moot, 'Alice Input');
  bob = await addUser(moot, 'Bob Input');
  open = await addRoom(moot, alice, 'Open room', 'link');
  membersOnly = await addRoom(moot, alice, 'Members room', 'off');
  coded = await addRoom(moot, alice, 'Coded room', 'code', 'abcd1234');
  small = await addRoom(moot, alice, 'Small room', 'link');
});

afterEach(() => sockets.closeAll());

after(async () => {
  await sockets.closeAll();
  await moot?.stop();
});

async function expectSignalingError(client: SignalingClient, code: ErrorCode, ref?: string) {
  const error = await client.next('error', (m) => ref === undefined || m.ref === ref);
  assert.equal(error.code, code, `error code (got ${JSON.stringify(error)})`);
  assert.equal(error.message, errorMessages[code]);
  return error;
}

function expectRestError(response: HttpResponse, status: number, code: ErrorCode) {
  assert.equal(response.status, status, `HTTP status (body: ${response.text})`);
  assert.equal(response.body?.error?.code, code, `error code (body: ${response.text})`);
  assert.equal(response.body?.error?.message, errorMessages[code]);
}

describe('signaling', () => {
  test('malformed JSON, unknown types and extra fields are refused and change nothing', async () => {
    const aliceWs = await sockets.member(moot, alice);
    aliceWs.sendRaw('{"type": "join", ');
    await expectSignalingError(aliceWs, 'invalid-message');
    aliceWs.sendJson({ type: 'teleport', room: open.id });
    await expectSignalingError(aliceWs, 'invalid-message');
    aliceWs.sendJson({ type: 'join', version: PROTOCOL_VERSION, room: open.id, role: 'moderator' });
    await expectSignalingError(aliceWs, 'invalid-message', 'join');
    aliceWs.send({ type: 'join', room: 'r'.repeat(65) });
    await expectSignalingError(aliceWs, 'invalid-message', 'join');
    aliceWs.send({ type: 'join', room: 'not-a-room-id' }); // a mistyped link is a room that does not exist
    await expectSignalingError(aliceWs, 'room-not-found', 'join');
    aliceWs.send({ type: 'chat', text: 'before joining' });
    await expectSignalingError(aliceWs, 'not-in-meeting', 'chat');
    assert.equal(aliceWs.count((m) => m.type === 'joined'), 0, 'none of that joined a meeting');

    // The same connection still works.
    const joined = await aliceWs.join({ room: open.id });
    assert.deepEqual(joined.participants.filter((p) => p.id !== joined.self.id), [], 'alone in the meeting');
    aliceWs.send({ type: 'join', room: open.id });
    await expectSignalingError(aliceWs, 'already-in-meeting', 'join');
    aliceWs.sendJson({ type: 'mute', kind: 'audio', muted: true, extra: 1 });
    await expectSignalingError(aliceWs, 'invalid-message', 'mute');
    aliceWs.send({ type: 'chat', text: '   ' });
    await expectSignalingError(aliceWs, 'invalid-message', 'chat');
    aliceWs.send({ type: 'leave' });
    await sockets.closeAll();
  });

  test('a message larger than MAX_MESSAGE_BYTES gets message-too-large and changes nothing', async () => {
    const aliceWs = await sockets.member(moot, alice);
    const bobWs = await sockets.member(moot, bob);
    await aliceWs.join({ room: open.id });
    await bobWs.join({ room: open.id });
    aliceWs.send({ type: 'chat', text: 'x'.repeat(MAX_MESSAGE_BYTES + 10) });
    await expectSignalingError(aliceWs, 'message-too-large');
    // The connection survives and the next message goes through; the big one never arrived.
    aliceWs.send({ type: 'chat', text: 'small one' });
    const chat = await bobWs.next('chat');
    assert.equal(chat.message.text, 'small one', 'the oversized chat was not delivered');
    assert.equal(aliceWs.closed, false);
    aliceWs.send({ type: 'leave' });
    bobWs.send({ type: 'leave' });
    await sockets.closeAll();
  });

  test('unknown room, wrong or missing access code, guest in a members-only room', async () => {
    const memberWs = await sockets.member(moot, alice);
    memberWs.send({ type: 'join', room: unknownRoomId() });
    await expectSignalingError(memberWs, 'room-not-found', 'join');

    const guestWs = await sockets.guest(moot);
    guestWs.send({ type: 'join', room: unknownRoomId(), name: 'Gail' });
    await expectSignalingError(guestWs, 'room-not-found', 'join');
    guestWs.send({ type: 'join', room: membersOnly.id, name: 'Gail' });
    await expectSignalingError(guestWs, 'members-only', 'join');
    guestWs.send({ type: 'join', room: coded.id, name: 'Gail' });
    await expectSignalingError(guestWs, 'access-code-required', 'join');
    guestWs.send({ type: 'join', room: coded.id, name: 'Gail', accessCode: 'wrong999' });
    await expectSignalingError(guestWs, 'wrong-access-code', 'join');
    guestWs.send({ type: 'join', room: open.id });
    const nameless = await guestWs.nextError('join'); // a guest must give a name
    assert.ok(['invalid-message', 'bad-request'].includes(nameless.code), `nameless guest refused (${nameless.code})`);
    assert.equal(guestWs.count((m) => m.type === 'joined'), 0);

    // The right code lets the guest in; members need no code.
    const joined = await guestWs.join({ room: coded.id, name: 'Gail', accessCode: 'abcd1234' });
    assert.equal(joined.self.role, 'guest');
    const joinedM = await memberWs.join({ room: coded.id });
    assert.equal(joinedM.self.role, 'moderator');
    memberWs.send({ type: 'leave' });
    guestWs.send({ type: 'leave' });
    await sockets.closeAll();
  });

  test('guests switched off server-wide are refused with guests-disabled', async () => {
    const adminHttp = await signedIn(moot, admin);
    const off = await adminHttp.put('/api/admin/settings', { guests: false });
    assert.equal(off.status, 200, off.text);
    try {
      const guestWs = await sockets.guest(moot);
      guestWs.send({ type: 'join', room: open.id, name: 'Gary' });
      await expectSignalingError(guestWs, 'guests-disabled', 'join');
      const entry = await new HttpClient(moot.url).get(`/api/rooms/${open.id}/entry`);
      assert.equal(entry.status, 200, entry.text);
      assert.equal(entry.body.refusal, 'guests-disabled');
      // Members are not affected.
      const memberWs = await sockets.member(moot, bob);
      await memberWs.join({ room: open.id });
      memberWs.send({ type: 'leave' });
    } finally {
      const on = await adminHttp.put('/api/admin/settings', { guests: true });
      assert.equal(on.status, 200, on.text);
    }
    const guestWs = await sockets.guest(moot);
    await guestWs.join({ room: open.id, name: 'Gary' });
    guestWs.send({ type: 'leave' });
    await sockets.closeAll();
  });

  test('a full room refuses the next person with room-full', async () => {
    const owner = await signedIn(moot, alice);
    const patched = await owner.patch(`/api/rooms/${small.id}`, { maxParticipants: 2 });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.room.maxParticipants, 2);

    const aliceWs = await sockets.member(moot, alice);
    const bobWs = await sockets.member(moot, bob);
    const guestWs = await sockets.guest(moot);
    await aliceWs.join({ room: small.id });
    await bobWs.join({ room: small.id });
    guestWs.send({ type: 'join', room: small.id, name: 'Third' });
    await expectSignalingError(guestWs, 'room-full', 'join');
    assert.equal(aliceWs.count((m) => m.type === 'participantJoined'), 1, 'only Bob joined after Alice');

    // A seat frees up when someone leaves.
    bobWs.send({ type: 'leave' });
    await aliceWs.next('participantLeft');
    const joined = await guestWs.join({ room: small.id, name: 'Third' });
    assert.equal(joined.participants.filter((p) => p.id !== joined.self.id).length, 1, 'Alice is there');
    aliceWs.send({ type: 'leave' });
    guestWs.send({ type: 'leave' });
    await sockets.closeAll();
  });
});

describe('REST', () => {
  test('malformed bodies get 400 bad-request', async () => {
    const anonymous = new HttpClient(moot.url);
    expectRestError(await anonymous.request('POST', '/api/session', { raw: '{"email": ' }), 400, 'bad-request');
    expectRestError(
      await anonymous.post('/api/session', { email: alice.email, password: alice.password, admin: true }),
      400,
      'bad-request',
    );
    expectRestError(await anonymous.post('/api/session', { email: 'not an email', password: 'x' }), 400, 'bad-request');
    assert.equal(anonymous.cookies.size, 0, 'no session from a refused sign-in');

    const member = await signedIn(moot, alice);
    expectRestError(await member.post('/api/rooms', { name: '' }), 400, 'bad-request');
    expectRestError(await member.post('/api/rooms', { name: 'x', guests: 'everyone' }), 400, 'bad-request');
    expectRestError(await member.request('POST', '/api/rooms', { raw: 'name=x', contentType: 'application/json' }), 400, 'bad-request');
    expectRestError(await member.patch(`/api/rooms/${open.id}`, { maxParticipants: 1 }), 400, 'bad-request');
    expectRestError(await member.patch(`/api/rooms/${open.id}`, { owner: 'me' }), 400, 'bad-request');

    // And the good form of the same request works.
    const created = await member.post('/api/rooms', { name: 'Made by REST', guests: 'link' });
    assert.ok(created.status === 200 || created.status === 201, created.text);
    assert.match(created.body.room.id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(created.body.room.url, `${moot.url}/r/${created.body.room.id}`);
  });

  test('an unknown room is 404 room-not-found', async () => {
    const member = await signedIn(moot, alice);
    const id = unknownRoomId();
    expectRestError(await member.get(`/api/rooms/${id}`), 404, 'room-not-found');
    expectRestError(await member.get(`/api/rooms/${id}/entry`), 404, 'room-not-found');
    expectRestError(await new HttpClient(moot.url).get(`/api/rooms/${id}/entry`), 404, 'room-not-found');
    expectRestError(await member.patch(`/api/rooms/${id}`, { name: 'x' }), 404, 'room-not-found');
  });

  test('pages load the client, but a missing file is a 404, never the page', async () => {
    const anonymous = new HttpClient(moot.url);
    const page = await anonymous.get(`/r/${unknownRoomId()}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    expectRestError(await anonymous.get('/assets/missing-0123.js'), 404, 'not-found');
    expectRestError(await anonymous.get('/api/no-such-route'), 404, 'not-found');
  });

  test('admin routes: 401 for anonymous, 403 for members, 200 for admins', async () => {
    const anonymous = new HttpClient(moot.url);
    expectRestError(await anonymous.get('/api/admin/users'), 401, 'unauthenticated');
    expectRestError(await anonymous.post('/api/admin/users', { email: 'x@example.test', name: 'X', password: 'longenough1' }), 401, 'unauthenticated');
    expectRestError(await anonymous.put('/api/admin/settings', { guests: false }), 401, 'unauthenticated');
    expectRestError(await anonymous.post('/api/rooms', { name: 'Nope' }), 401, 'unauthenticated');

    const member = await signedIn(moot, bob);
    expectRestError(await member.get('/api/admin/users'), 403, 'forbidden');
    expectRestError(await member.post('/api/admin/users', { email: 'y@example.test', name: 'Y', password: 'longenough1' }), 403, 'forbidden');
    expectRestError(await member.put('/api/admin/settings', { guests: false }), 403, 'forbidden');
    // Bob does not own Alice's room.
    expectRestError(await member.patch(`/api/rooms/${open.id}`, { name: 'Taken over' }), 403, 'forbidden');

    const adminHttp = await signedIn(moot, admin);
    const users = await adminHttp.get('/api/admin/users');
    assert.equal(users.status, 200, users.text);
    const list = Array.isArray(users.body) ? users.body : users.body.users;
    assert.ok(Array.isArray(list), users.text);
    assert.ok(list.some((u: { email: string }) => u.email === bob.email));
    assert.ok(!users.text.includes(bob.password), 'no password in the answer');
    assert.ok(!/argon2/.test(users.text), 'no password hash in the answer');
  });

  test('wrong password is refused with invalid-credentials', async () => {
    const anonymous = new HttpClient(moot.url);
    const response = await anonymous.post('/api/session', { email: alice.email, password: 'not-the-password' });
    assert.equal(response.body?.error?.code, 'invalid-credentials', response.text);
    assert.ok(response.status === 401 || response.status === 400, `status ${response.status}`);
    assert.equal(anonymous.cookies.size, 0);
    const me = await anonymous.get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user, null);
  });
});
