// Two moot server processes of one installation (one PostgreSQL, one Redis, both real): HTTP
// requests about a live meeting that reach the process not running it are answered by the one
// that does, in one hop, and the headers of that hop mean nothing when they come from outside.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, routes, slideRoutes, type DashboardView, type DeckListResponse } from '../../packages/protocol/src/index.ts';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { bbbCall, jsUrl, ticketOf } from '../helpers/bbb.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import type { Moot } from '../helpers/moot.ts';

let cluster: TestCluster;
let a: Moot;
let b: Moot;
let owner: TestUser;
let room: TestRoom;
const sockets = new Sockets();

/** What a request passed between the processes carries, as someone outside would fake it. */
const FORGED = { 'x-moot-hop': `${Date.now()}.AAAA`, 'x-moot-client': '198.51.100.7' };

before(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.servers as [Moot, Moot];
  await a.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(a, 'Olga Owner');
  room = await addRoom(a, owner, 'Lecture room', 'link');
});

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await cluster?.stop();
});

/** The room's owner in its meeting on A, with the key slide requests carry. */
async function presenterOnA(): Promise<string> {
  const socket = await sockets.member(a, owner);
  await socket.join({ room: room.id });
  return (await socket.next('slidesAccess')).key;
}

/** The page's origin is the installation's address: in these tests each process has its own, and the meeting runs on A. */
async function upload(server: Moot, key: string, name: string, extra: Record<string, string> = {}) {
  return fetch(server.url + slideRoutes.decks(room.id), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', [SLIDES_NAME_HEADER]: encodeURIComponent(name), [SLIDES_KEY_HEADER]: key, origin: a.url, ...extra },
    body: new Blob([new Uint8Array(testPdf(2))]),
  });
}

async function deckNames(server: Moot, key: string): Promise<string[]> {
  const response = await fetch(server.url + slideRoutes.decks(room.id), { headers: { [SLIDES_KEY_HEADER]: key } });
  assert.equal(response.status, 200);
  return ((await response.json()) as DeckListResponse).decks.map((d) => d.name).sort();
}

test('a slides upload sent to the process not running the meeting reaches the meeting in the other', async () => {
  const key = await presenterOnA();
  const response = await upload(b, key, 'Through B.pdf');
  assert.equal(response.status, 201, await response.clone().text());
  assert.deepEqual(await deckNames(a, key), ['Through B'], 'the meeting’s process has the presentation');
  assert.deepEqual(await deckNames(b, key), ['Through B'], 'and the list asked of the other process comes from it too');
});

test('a listener’s stream asked of the process not running the meeting streams the meeting’s Ogg audio from the other', async () => {
  const listener = await sockets.guest(a);
  await listener.join({ room: room.id, name: 'Lena', listenOnly: true });
  listener.send({ type: 'listen' });
  const { path } = await listener.next('listenStream');
  const response = await fetch(b.url + path);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'audio/ogg');
  // The stream never ends: bytes arrive only if the hop passes them on as they come.
  const reader = response.body!.getReader();
  const chunks: Buffer[] = [];
  while (Buffer.concat(chunks).length < 4096) {
    const { value, done } = await reader.read();
    assert.equal(done, false, 'the stream went on');
    chunks.push(Buffer.from(value));
  }
  await reader.cancel();
  assert.equal(Buffer.concat(chunks).subarray(0, 4).toString('latin1'), 'OggS');
});

test('the BigBlueButton API asked of the process not running the meeting reads and ends the meeting in the other', async () => {
  const { secret } = await a.cli<{ secret: string }>(['bbb', 'secret', '--json']);
  const call = (server: Moot, name: string, params: Record<string, string>) => bbbCall(jsUrl(server.url, secret, name, params));
  const meetingID = 'cluster-course';
  assert.equal((await call(a, 'create', { meetingID, moderatorPW: 'mp', attendeePW: 'ap' })).response.returncode, 'SUCCESS');
  const teacher = ticketOf((await call(a, 'join', { meetingID, fullName: 'Maria Teacher', password: 'mp' })).location!);
  const socket = await sockets.guest(a);
  await socket.join({ room: teacher.roomId, ticket: teacher.ticket, audioMuted: true, videoMuted: true });
  assert.equal((await call(b, 'isMeetingRunning', { meetingID })).response.running, 'true');
  assert.equal((await call(b, 'getMeetingInfo', { meetingID })).response.participantCount, '1');
  assert.equal((await call(b, 'end', { meetingID })).response.messageKey, 'sentEndMeetingRequest');
  assert.equal((await socket.next('meetingEnded')).reason, 'ended-by-moderator');
});

test('the dashboard asked of one process names the live meetings of the other, which tells them only to the installation’s processes', async () => {
  const admin = await addUser(a, 'Ada Admin', { admin: true });
  const elsewhere = await addRoom(a, owner, 'Dashboard room', 'link');
  await (await sockets.guest(a)).join({ room: elsewhere.id, name: 'Ann on A' });
  const dashboard = await (await signedIn(b, admin)).get<DashboardView>(routes.adminDashboard);
  assert.equal(dashboard.status, 200);
  assert.deepEqual(
    dashboard.body.meetings.filter((m) => m.roomId === elsewhere.id).map((m) => [m.roomName, m.participants]),
    [['Dashboard room', 1]],
  );
  for (const server of [a, b]) assert.equal((await fetch(`${server.url}/api/cluster/meetings`, { headers: FORGED })).status, 404);
});

test('forged forwarding headers from outside are ignored: the request is still passed to the meeting’s process, and its claimed address is not believed', async () => {
  const key = await presenterOnA();
  // Believed, B would answer the upload itself, where nobody holds this key.
  const response = await upload(b, key, 'Forged.pdf', FORGED);
  assert.equal(response.status, 201, await response.clone().text());
  // Believed, each attempt would count for another address and none would be refused.
  const http = new HttpClient(a.url);
  let refusedAt: number | undefined;
  for (let attempt = 1; attempt <= 12 && refusedAt === undefined; attempt++) {
    const attemptResponse = await http.request('POST', '/api/session', { json: { email: owner.email, password: 'not the password' }, headers: { ...FORGED, 'x-moot-client': `198.51.100.${attempt}` } });
    if (attemptResponse.status === 429) refusedAt = attempt;
    else assert.equal(attemptResponse.status, 401);
  }
  assert.ok(refusedAt !== undefined && refusedAt <= 11, `first refusal at attempt ${refusedAt}`);
});
