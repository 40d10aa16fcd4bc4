// Two organizations on one server, written as the attack: A's member and A's organization admin
// go after B's rooms and recordings by id (from A's own address), by B's URL (/o/beta/…) and
// through B's own domain (the Host header). Every answer must be the one for something that does
// not exist (or for someone not signed in); B's own people, asked the same, get their things.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../packages/protocol/src/index.ts';
import { insertRecording } from '../../packages/server/src/recordings/store.ts';
import { openDatabase } from '../../packages/server/src/store/db.ts';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword, unknownRoomId } from '../helpers/fixtures.ts';
import { HttpClient, type HttpResponse } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { addOrgPerson, orgSession, requestAtDomain, type OrgPerson } from '../helpers/orgs.ts';
import { SignalingClient } from '../helpers/signaling.ts';

type Person = OrgPerson;
interface Room {
  id: string;
}

const ALPHA_DOMAIN = 'meet.alpha.example';
const BETA_DOMAIN = 'meet.beta.example';

let moot: Moot;
let aMember: Person;
let aAdmin: Person;
let bOwner: Person;
let operator: Person;
let aRoom: Room;
let bRoom: Room;
let bLinkRoom: Room;
const aRecording = 'AaRecordingOfAlpha0000';
const bRecording = 'AbRecordingOfBeta00000';

const person = (org: string | undefined, name: string, flags: string[] = []) => addOrgPerson(moot, org, name, flags);

const room = (org: string, owner: Person, name: string, guests = 'off') =>
  moot.cli<Room>(['room', 'add', '--owner', owner.email, '--name', name, '--org', org, '--guests', guests, '--json']);

/** A REST client for one organization's address on the main domain, signed in as `who`. */
const at = (prefix: string, who: Person) => orgSession(moot, prefix, who);

const viaDomain = (host: string, method: string, path: string, cookie = '', json?: unknown) => requestAtDomain(moot, host, method, path, cookie, json);

/** A join over a socket opened at an organization's own domain: the server's first answer to it. */
async function joinViaDomain(host: string, roomId: string, cookie = ''): Promise<{ type: string; code?: string }> {
  const socket = new WebSocket(`ws://127.0.0.1:${moot.port}/ws`, { headers: { host: `${host}:${moot.port}`, origin: `http://${host}:${moot.port}`, ...(cookie ? { cookie } : {}) } });
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = new Promise<{ type: string; code?: string }>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; code?: string; ref?: string };
        if (message.type === 'joined' || (message.type === 'error' && message.ref === 'join')) resolve(message);
      }),
    );
    socket.send(JSON.stringify({ type: 'join', version: PROTOCOL_VERSION, room: roomId, name: 'Visitor', audioMuted: true, videoMuted: true }));
    return await answer;
  } finally {
    socket.terminate();
  }
}

/** The server's answer to a join over a socket opened at `baseUrl` (a prefix included). */
async function joinAt(baseUrl: string, roomId: string, http?: HttpClient): Promise<{ type: string; code?: string }> {
  const client = await SignalingClient.connect(baseUrl, http);
  try {
    return await client.join({ room: roomId, name: 'Visitor', audioMuted: true, videoMuted: true }).then(
      (joined) => ({ type: joined.type }),
      (err: Error) => ({ type: 'error', code: /join refused: ([a-z-]+)/.exec(err.message)?.[1] }),
    );
  } finally {
    await client.close();
  }
}

const same = (what: string, got: HttpResponse | { status: number; body: unknown }, expected: HttpResponse | { status: number; body: unknown }) =>
  assert.deepEqual({ status: got.status, body: got.body }, { status: expected.status, body: expected.body }, what);

before(async () => {
  moot = await startMoot();
  await moot.cli(['org', 'add', 'alpha', '--name', 'Alpha', '--domain', ALPHA_DOMAIN, '--json']);
  await moot.cli(['org', 'add', 'beta', '--name', 'Beta', '--domain', BETA_DOMAIN, '--json']);
  aMember = await person('alpha', 'Ann');
  aAdmin = await person('alpha', 'Abe', ['--org-admin']);
  bOwner = await person('beta', 'Bea');
  operator = await person(undefined, 'Ops', ['--admin']);
  aRoom = await room('alpha', aMember, 'Alpha weekly');
  bRoom = await room('beta', bOwner, 'Beta board');
  bLinkRoom = await room('beta', bOwner, 'Beta open', 'link');
  // Recordings as a finished meeting leaves them; their media is never read here.
  const db = await openDatabase(moot.dataDir, moot.env.MOOT_DATABASE_URL);
  try {
    const recording = (id: string, roomId: string, by: Person) => ({
      id, room_id: roomId, name: 'Recorded', origin: 'meeting' as const, state: 'ready' as const, progress: 100, error: null,
      wrapped_key: 'not-a-real-key', size: 1000, duration_ms: 60_000, started_by: by.email, started_at: new Date().toISOString(), ended_at: new Date().toISOString(),
    });
    await insertRecording(db, recording(aRecording, aRoom.id, aMember));
    await insertRecording(db, recording(bRecording, bRoom.id, bOwner));
  } finally {
    await db.destroy();
  }
});

after(async () => {
  await moot?.stop();
});

test("B's own owner reaches B's room and recording at B's address and B's domain (the attacks below are measured against this)", async () => {
  const beta = await at('/o/beta', bOwner);
  const own = await beta.get(`/api/rooms/${bRoom.id}`);
  assert.equal(own.status, 200);
  assert.equal((own.body as { room: { url: string } }).room.url, `http://${BETA_DOMAIN}:${moot.port}/r/${bRoom.id}`, "the room's link is at B's domain");
  assert.deepEqual(((await beta.get('/api/rooms')).body as { rooms: Room[] }).rooms.map((r) => r.id).sort(), [bRoom.id, bLinkRoom.id].sort());
  assert.equal((await beta.get(`/api/recordings/${bRecording}`)).status, 200);
  assert.equal((await viaDomain(BETA_DOMAIN, 'GET', `/api/rooms/${bRoom.id}`, beta.cookieHeader())).status, 200);
  assert.equal((await joinAt(`${moot.url}/o/beta`, bRoom.id, beta)).type, 'joined');
});

test("A's member and A's admin, at A's address, find B's rooms exactly as rooms that do not exist", async () => {
  for (const who of [aMember, aAdmin]) {
    const alpha = await at('/o/alpha', who);
    const unknown = unknownRoomId();
    const pairs: [string, (id: string) => Promise<HttpResponse>][] = [
      ['GET room', (id) => alpha.get(`/api/rooms/${id}`)],
      ['PATCH room', (id) => alpha.patch(`/api/rooms/${id}`, { name: 'Taken over' })],
      ['DELETE room', (id) => alpha.delete(`/api/rooms/${id}`)],
      ['GET moderators', (id) => alpha.get(`/api/rooms/${id}/moderators`)],
      ['PUT moderators', (id) => alpha.put(`/api/rooms/${id}/moderators`, { emails: [who.email] })],
      ['GET entry', (id) => alpha.get(`/api/rooms/${id}/entry`)],
      ['GET recording settings', (id) => alpha.get(`/api/rooms/${id}/recording-settings`)],
      ['GET shared notes', (id) => alpha.get(`/api/rooms/${id}/notes`)],
      ['GET poll results', (id) => alpha.get(`/api/rooms/${id}/polls`)],
      ['GET livestream destinations', (id) => alpha.get(`/api/rooms/${id}/livestream-destinations`)],
      ['PUT livestream destinations', (id) => alpha.put(`/api/rooms/${id}/livestream-destinations`, { destinations: [] })],
      ['GET livestream HLS', (id) => alpha.get(`/api/rooms/${id}/livestream-hls`)],
      ['PUT livestream HLS', (id) => alpha.put(`/api/rooms/${id}/livestream-hls`, { access: 'public' })],
      ['GET slides', (id) => alpha.get(`/api/rooms/${id}/slides`)],
    ];
    for (const [what, ask] of pairs) same(`${who.email}: ${what} of B's room`, await ask(bRoom.id), await ask(unknown));
    const listed = (await alpha.get('/api/rooms')).body as { rooms: Room[]; moderated: Room[] };
    assert.ok(![...listed.rooms, ...listed.moderated].some((r) => r.id === bRoom.id || r.id === bLinkRoom.id), "B's rooms are in no list of A");
    for (const target of [bRoom.id, bLinkRoom.id]) {
      assert.deepEqual(await joinAt(`${moot.url}/o/alpha`, target, alpha), await joinAt(`${moot.url}/o/alpha`, unknown, alpha), "joining B's room from A's address: the answer for no room");
    }
  }
  const ownerBefore = await (await at('/o/beta', bOwner)).get(`/api/rooms/${bRoom.id}`);
  assert.equal((ownerBefore.body as { room: { name: string } }).room.name, 'Beta board', 'nothing of the attempts changed the room');
});

test("A's member and A's admin, at A's address, find B's recordings exactly as recordings that do not exist", async () => {
  for (const who of [aMember, aAdmin]) {
    const alpha = await at('/o/alpha', who);
    const unknown = 'AnoSuchRecording000000';
    for (const path of ['', '/media', '/notes', '/meeting', '/links', '/shares']) {
      same(`${who.email}: GET recording${path}`, await alpha.get(`/api/recordings/${bRecording}${path}`), await alpha.get(`/api/recordings/${unknown}${path}`));
    }
    same(`${who.email}: DELETE recording`, await alpha.delete(`/api/recordings/${bRecording}`), await alpha.delete(`/api/recordings/${unknown}`));
    const listed = (await alpha.get('/api/recordings')).body as { recordings: { id: string }[] };
    assert.ok(!listed.recordings.some((r) => r.id === bRecording), "B's recording is in no list of A");
  }
  assert.equal((await (await at('/o/beta', bOwner)).get(`/api/recordings/${bRecording}`)).status, 200, 'the recording is still there');
});

test("B's public HLS stream is watched at B's address only: at A's address and A's domain it answers as a room that does not exist", async () => {
  const beta = await at('/o/beta', bOwner);
  const hls = await beta.put(`/api/rooms/${bLinkRoom.id}/livestream-hls`, { access: 'public' });
  assert.equal(hls.status, 200);
  assert.ok((hls.body as { url: string }).url.startsWith(`http://${BETA_DOMAIN}:${moot.port}/live/${bLinkRoom.id}/`), "the link is at B's domain");
  const playlist = (id: string) => `/live/${id}/index.m3u8`;
  const anonymous = (prefix: string) => new HttpClient(`${moot.url}${prefix}`);
  // At B's own address the public room is open (no stream runs, so its playlist is simply missing).
  assert.equal((await anonymous('/o/beta').get(playlist(bLinkRoom.id))).status, 404);
  same("B's public stream at A's address", await anonymous('/o/alpha').get(playlist(bLinkRoom.id)), await anonymous('/o/alpha').get(playlist(unknownRoomId())));
  same("B's public stream at A's domain", await viaDomain(ALPHA_DOMAIN, 'GET', playlist(bLinkRoom.id)), await viaDomain(ALPHA_DOMAIN, 'GET', playlist(unknownRoomId())));
  assert.equal((await beta.put(`/api/rooms/${bLinkRoom.id}/livestream-hls`, { access: 'off' })).status, 200);
});

test("at B's URL (/o/beta/) A's session is nobody: signed out, and A's password does not sign in there", async () => {
  const alpha = await at('/o/alpha', aMember);
  const atBeta = new HttpClient(`${moot.url}/o/beta`);
  for (const [name, value] of alpha.cookies) atBeta.cookies.set(name, value);
  const anonymous = new HttpClient(`${moot.url}/o/beta`);
  assert.equal(((await atBeta.get('/api/me')).body as { user: unknown }).user, null);
  for (const path of ['/api/rooms', `/api/rooms/${bRoom.id}`, '/api/recordings', `/api/recordings/${bRecording}`]) {
    same(`GET ${path} at B's URL with A's session`, await atBeta.get(path), await anonymous.get(path));
  }
  assert.deepEqual(await joinAt(`${moot.url}/o/beta`, bRoom.id, atBeta), await joinAt(`${moot.url}/o/beta`, bRoom.id), "joining B's members-only room: what anyone not signed in gets");
  const signIn = await anonymous.post('/api/session', { email: aMember.email, password: aMember.password });
  assert.equal(signIn.status, 401);
  assert.equal((signIn.body as { error: { code: string } }).error.code, 'invalid-credentials', "A's password at B: the answer for a wrong password");
  const wrong = await anonymous.post('/api/session', { email: aMember.email, password: 'not-the-password' });
  same('the same answer as a wrong password', signIn, wrong);
});

test("through B's domain, A's session is nobody and A's rooms do not exist; through A's domain, B's rooms do not exist", async () => {
  const alpha = await at('/o/alpha', aMember);
  const cookie = alpha.cookieHeader();
  same("A's session at B's domain asks for the room list", await viaDomain(BETA_DOMAIN, 'GET', '/api/rooms', cookie), await viaDomain(BETA_DOMAIN, 'GET', '/api/rooms'));
  same("B's room at B's domain with A's session", await viaDomain(BETA_DOMAIN, 'GET', `/api/rooms/${bRoom.id}`, cookie), await viaDomain(BETA_DOMAIN, 'GET', `/api/rooms/${bRoom.id}`));
  same("B's recording at B's domain with A's session", await viaDomain(BETA_DOMAIN, 'GET', `/api/recordings/${bRecording}`, cookie), await viaDomain(BETA_DOMAIN, 'GET', `/api/recordings/${bRecording}`));
  const unknown = unknownRoomId();
  same("B's room asked at A's domain", await viaDomain(ALPHA_DOMAIN, 'GET', `/api/rooms/${bRoom.id}/entry`, cookie), await viaDomain(ALPHA_DOMAIN, 'GET', `/api/rooms/${unknown}/entry`, cookie));
  same("B's recording asked at A's domain", await viaDomain(ALPHA_DOMAIN, 'GET', `/api/recordings/${bRecording}`, cookie), await viaDomain(ALPHA_DOMAIN, 'GET', `/api/recordings/AnoSuchRecording000000`, cookie));
  same("B's prefix on A's domain finds nothing", await viaDomain(ALPHA_DOMAIN, 'GET', `/o/beta/api/rooms/${bRoom.id}/entry`, cookie), await viaDomain(ALPHA_DOMAIN, 'GET', `/api/rooms/${unknown}/entry`, cookie));
  assert.deepEqual(await joinViaDomain(ALPHA_DOMAIN, bLinkRoom.id, cookie), await joinViaDomain(ALPHA_DOMAIN, unknown, cookie), "joining B's open room through A's domain: no such room");
  assert.deepEqual(await joinViaDomain(BETA_DOMAIN, bRoom.id, cookie), await joinViaDomain(BETA_DOMAIN, bRoom.id), "joining B's members-only room at B's domain with A's session: as anyone not signed in");
  assert.equal((await viaDomain(ALPHA_DOMAIN, 'GET', `/api/rooms/${aRoom.id}`, cookie)).status, 200, "A's own room at A's domain, the control");
});

test("B's people cannot be named by A: not as co-moderators, not to share a recording with", async () => {
  const alpha = await at('/o/alpha', aMember);
  const nobody = 'nobody@nowhere.example';
  // The refusal names the emails it did not find: the one given, whoever it belongs to.
  const bodyOf = (r: HttpResponse, email: string) => ({ status: r.status, code: (r.body as { error?: { code: string } }).error?.code, details: (r.body as { error?: { details?: string[] } }).error?.details?.map((d) => d.replace(email, '<email>')) });
  const moderator = async (email: string) => bodyOf(await alpha.put(`/api/rooms/${aRoom.id}/moderators`, { emails: [email] }), email);
  assert.deepEqual(await moderator(bOwner.email), await moderator(nobody), 'a co-moderator from B: the answer for an email without an account');
  assert.equal((await moderator(bOwner.email)).code, 'unknown-accounts');
  const edited = await alpha.patch(`/api/rooms/${aRoom.id}`, { moderators: [bOwner.email] });
  assert.deepEqual(bodyOf(edited, bOwner.email), bodyOf(await alpha.patch(`/api/rooms/${aRoom.id}`, { moderators: [nobody] }), nobody));
  const shareB = await alpha.post(`/api/recordings/${aRecording}/shares`, { email: bOwner.email });
  const shareNobody = await alpha.post(`/api/recordings/${aRecording}/shares`, { email: nobody });
  assert.deepEqual(bodyOf(shareB, bOwner.email), bodyOf(shareNobody, nobody), "sharing with B's member: the answer for an email without an account");
  assert.equal(shareB.status, 404);
});

test("the operator's administration pages list only the operator's organization's people and meetings; A's admin is no operator", async () => {
  const main = await at('', operator);
  const users = ((await main.get('/api/admin/users')).body as { users: { email: string }[] }).users.map((u) => u.email);
  assert.deepEqual(users, [operator.email], "neither A's nor B's people");
  const opsRoom = await room('main', operator, 'Ops room');
  const inMain = await SignalingClient.connect(moot.url, main);
  const inBeta = await SignalingClient.connect(`${moot.url}/o/beta`, await at('/o/beta', bOwner));
  try {
    await inMain.join({ room: opsRoom.id, audioMuted: true, videoMuted: true });
    await inBeta.join({ room: bRoom.id, audioMuted: true, videoMuted: true });
    const live = ((await main.get('/api/admin/dashboard')).body as { meetings: { roomId: string }[] }).meetings.map((m) => m.roomId);
    assert.deepEqual(live, [opsRoom.id], "the operator's meeting is listed, B's running meeting is not");
  } finally {
    await Promise.all([inMain.close(), inBeta.close()]);
  }
  const alphaAdmin = await at('/o/alpha', aAdmin);
  assert.equal((await alphaAdmin.get('/api/admin/users')).status, 403, 'an organization admin does not get the operator pages');
});
