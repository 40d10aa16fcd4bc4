// Revocation reaches live connections: sign-out everywhere, suspension from the CLI, a new
// password, revoking administrator rights and removal as a room's moderator each act on a socket
// that is already open and in a meeting, and the person is told why.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { startMailSink, type MailSink } from '../helpers/smtp.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let mail: MailSink;
let owner: TestUser;
/** The owner's session lasts the whole file: the server limits sign-ins per address. */
let ownerHttp: HttpClient;
let room: TestRoom;
const sockets = new Sockets();

before(async () => {
  mail = await startMailSink();
  moot = await startMoot({ env: { MOOT_SMTP_URL: mail.url, MOOT_SMTP_FROM: 'moot <moot@example.test>' } });
  owner = await addUser(moot, 'Olga Owner');
  room = await addRoom(moot, owner, 'Members room');
  ownerHttp = new HttpClient(moot.url);
  await ownerHttp.signIn(owner.email, owner.password);
});

async function hostSocket(): Promise<SignalingClient> {
  const host = sockets.add(await SignalingClient.connect(moot.url, ownerHttp));
  await host.join({ room: room.id });
  return host;
}

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await moot?.stop();
  await mail?.stop();
});

/** A member signed in with a session of their own (not shared with other tests). */
async function ownSession(user: TestUser): Promise<{ http: HttpClient; ws: SignalingClient }> {
  const http = new HttpClient(moot.url);
  await http.signIn(user.email, user.password);
  return { http, ws: sockets.add(await SignalingClient.connect(moot.url, http)) };
}

async function hostAndMember(name: string) {
  const host = await hostSocket();
  const member = await addUser(moot, name);
  const session = await ownSession(member);
  const joined = await session.ws.join({ room: room.id });
  return { host, member, ...session, id: joined.self.id };
}

async function expectSignedOut(ws: SignalingClient, host: SignalingClient, id: string): Promise<void> {
  const ended = await ws.next('meetingEnded', undefined, 10_000);
  assert.equal(ended.reason, 'signed-out');
  await host.next('participantLeft', (m) => m.id === id, 10_000);
  await waitFor(() => ws.closed || null, { timeoutMs: 5000, message: 'the revoked socket to be closed' });
}

test('"Sign out everywhere" takes the person out of the meeting at once and closes the socket', async () => {
  const { host, http, ws, id } = await hostAndMember('Sam Signout');
  assert.equal((await http.delete('/api/sessions')).status, 204);
  await expectSignedOut(ws, host, id);
});

test('an open socket whose sessions were signed out cannot join a members-only room', async () => {
  const member = await addUser(moot, 'Idle Ida');
  const { http, ws } = await ownSession(member);
  assert.equal((await http.delete('/api/sessions')).status, 204);
  ws.send({ type: 'join', room: room.id });
  await waitFor(() => ws.closed || null, { timeoutMs: 5000, message: 'the socket to be closed' });
  const errors = ws.received.filter((m) => m.type === 'error');
  assert.equal(ws.count((m) => m.type === 'joined'), 0, 'never in the meeting');
  assert.ok(errors.every((e) => e.type === 'error' && e.code === 'unauthenticated'), JSON.stringify(errors));
});

test('suspension with the CLI, from another process, reaches the open socket within seconds', async () => {
  const { host, member, ws, id } = await hostAndMember('Sue Suspended');
  await moot.cli(['user', 'suspend', member.email, '--json']);
  await expectSignedOut(ws, host, id);
});

test('a new password ends the sessions that were open, in the meeting too', async () => {
  const { host, member, ws, id } = await hostAndMember('Pat Password');
  assert.equal((await new HttpClient(moot.url).post('/api/password-reset', { email: member.email })).status, 202);
  const match = /#([A-Za-z0-9_-]{20,})/.exec((await mail.next(member.email)).text);
  assert.ok(match, 'a reset link in the mail');
  assert.equal((await new HttpClient(moot.url).post('/api/password-reset/complete', { token: match[1], password: 'a brand new passphrase 42' })).status, 200);
  await expectSignedOut(ws, host, id);
});

test('revoking administrator rights with the CLI signs the person out of their open meeting', async () => {
  const admin = await addUser(moot, 'Ada Admin', { admin: true });
  const host = await hostSocket();
  const { ws } = await ownSession(admin);
  const id = (await ws.join({ room: room.id })).self.id;
  await moot.cli(['admin', 'revoke', admin.email, '--json']);
  await expectSignedOut(ws, host, id);
});

test("a member taken off the room's moderators loses the role in the live meeting and cannot moderate", async () => {
  const mo = await addUser(moot, 'Mo Moderator');
  assert.equal((await ownerHttp.put(`/api/rooms/${room.id}/moderators`, { emails: [mo.email] })).status, 200);
  await hostSocket();
  const { ws } = await ownSession(mo);
  const moIn = await ws.join({ room: room.id });
  assert.equal(moIn.self.role, 'moderator');
  const target = await addUser(moot, 'Tom Target');
  const targetIn = await (await ownSession(target)).ws.join({ room: room.id });

  assert.equal((await ownerHttp.put(`/api/rooms/${room.id}/moderators`, { emails: [] })).status, 200);
  await ws.next('participantUpdated', (m) => m.participant.id === moIn.self.id && m.participant.role === 'participant', 5000);
  ws.send({ type: 'moderate', action: 'mute', target: targetIn.self.id });
  assert.equal((await ws.nextError('moderate')).code, 'forbidden');

  // Put back on the list, the member moderates again without leaving.
  assert.equal((await ownerHttp.put(`/api/rooms/${room.id}/moderators`, { emails: [mo.email] })).status, 200);
  await ws.next('participantUpdated', (m) => m.participant.id === moIn.self.id && m.participant.role === 'moderator', 5000);
});
