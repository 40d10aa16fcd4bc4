// The BigBlueButton-compatible API against a real server (real Janus, real SQLite): the secret
// from the CLI, checksums as integrations compute them (each digest, wrong secret, tampered or
// missing checksum, the raw query string as sent), BigBlueButton's failure keys, create/join/
// getMeetingInfo/end on moot rooms, join tickets over the signaling socket, recordings with
// playback through expiring links, and callbacks that reach allowed hosts only.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { jwtVerify } from 'jose';
import { test } from '../helpers/diagnostics.ts';
import { apiBase, bbbCall, checksum, jsQuery, jsUrl, listOf, ticketOf, type Digest } from '../helpers/bbb.ts';
import { Sockets, guestSocket } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { waitFor } from '../helpers/wait.ts';

interface Received {
  method: string;
  url: string;
  body: string;
}

/** A callback receiver on 127.0.0.1 that keeps what it was sent. */
async function receiver(): Promise<{ server: Server; host: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

let moot: Moot;
let secret: string;
let allowed: Awaited<ReturnType<typeof receiver>>;
let other: Awaited<ReturnType<typeof receiver>>;
const sockets = new Sockets();
const scratch = makeTempDir('moot-bbb-');

before(async () => {
  allowed = await receiver();
  other = await receiver();
  moot = await startMoot({ env: { MOOT_BBB_CALLBACK_HOSTS: allowed.host, MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
  secret = (await moot.cli<{ secret: string }>(['bbb', 'secret', '--json'])).secret;
});

after(async () => {
  await sockets.closeAll();
  await moot?.stop();
  allowed?.server.close();
  other?.server.close();
});

const call = (name: string, params: Record<string, string> = {}, digest: Digest = 'sha1') => bbbCall(jsUrl(moot.url, secret, name, params, digest));

function assertFailed(answer: Awaited<ReturnType<typeof bbbCall>>, messageKey: string): void {
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.response.returncode, 'FAILED', answer.text);
  assert.equal(answer.response.messageKey, messageKey, answer.text);
  assert.ok(String(answer.response.message).length > 5, `a message for people: ${answer.text}`);
}

let meetingCount = 0;
const newMeetingId = () => `course-${process.pid}-${++meetingCount} ünïcode & spaces`;

test('moot bbb secret prints the API URL and a stable 40-hex secret; --rotate replaces it and old signatures fail', async () => {
  const shown = await moot.cli<{ url: string; secret: string }>(['bbb', 'secret', '--json']);
  assert.equal(shown.url, `${moot.url}/bigbluebutton/api/`);
  assert.equal(shown.secret, secret, 'the secret is made once and kept');
  assert.match(secret, /^[0-9a-f]{40}$/);

  const rotated = await moot.cli<{ secret: string }>(['bbb', 'secret', '--rotate', '--json']);
  assert.notEqual(rotated.secret, secret);
  assertFailed(await call('getMeetings'), 'checksumError');
  secret = rotated.secret;
  assert.equal((await call('getMeetings')).response.returncode, 'SUCCESS');
  const human = await moot.cliRaw(['bbb', 'secret']);
  assert.match(human.stdout, new RegExp(`URL: +${moot.url}/bigbluebutton/api/`));
  assert.match(human.stdout, new RegExp(`Secret: +${secret}`));
  const byOrg = await moot.cliRaw(['bbb', 'secret', '--org', 'physics', '--json']);
  assert.equal(byOrg.code, 1);
  assert.match(byOrg.stdout, /there are no organizations yet/);
});

test('the API root answers SUCCESS and version 2.0 without a checksum, as BigBlueButton does', async () => {
  for (const path of ['', '/']) {
    const answer = await bbbCall(`${apiBase(moot.url)}${path}`);
    assert.equal(answer.response.returncode, 'SUCCESS', answer.text);
    assert.equal(answer.response.version, '2.0');
    assert.match(answer.text, /^<\?xml version="1.0" encoding="UTF-8"\?><response><returncode>SUCCESS<\/returncode><version>2.0<\/version>/);
  }
});

test('each accepted digest (SHA-1, SHA-256, SHA-384, SHA-512) signs a call; other lengths and wrong secrets do not', async () => {
  for (const digest of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
    const answer = await call('getMeetings', {}, digest);
    assert.equal(answer.response.returncode, 'SUCCESS', `${digest}: ${answer.text}`);
  }
  const query = 'meetingID=x';
  const md5Length = checksum('getMeetingInfo', query, secret).slice(0, 32);
  assertFailed(await bbbCall(`${apiBase(moot.url)}/getMeetingInfo?${query}&checksum=${md5Length}`), 'checksumError');
  assertFailed(await bbbCall(jsUrl(moot.url, 'not-the-secret', 'getMeetingInfo', { meetingID: 'x' }, 'sha256')), 'checksumError');
  assertFailed(await bbbCall(`${apiBase(moot.url)}/getMeetingInfo?${query}`), 'checksumError');
  // A checksum made for another call does not sign this one.
  assertFailed(await bbbCall(`${apiBase(moot.url)}/end?${query}&checksum=${checksum('getMeetingInfo', query, secret)}`), 'checksumError');
});

test('a tampered query fails the checksum; the raw query string is checked as sent, whatever its encoding and order', async () => {
  const meetingID = newMeetingId();
  const url = jsUrl(moot.url, secret, 'create', { meetingID, name: 'Algebra 1', moderatorPW: 'mp', attendeePW: 'ap' });
  assertFailed(await bbbCall(url.replace('Algebra%201', 'Algebra%202')), 'checksumError');
  assertFailed(await bbbCall(url.replace('name=', 'name=x')), 'checksumError');
  assertFailed(await bbbCall(url.replace('&moderatorPW=mp', '')), 'checksumError');

  // The same parameters, spaces as `+` and in another order, with the checksum first: signed as sent.
  const plusQuery = `name=Algebra+1&attendeePW=ap&moderatorPW=mp&meetingID=${encodeURIComponent(meetingID).replace(/%20/g, '+')}`;
  const created = await bbbCall(`${apiBase(moot.url)}/create?checksum=${checksum('create', plusQuery, secret, 'sha512')}&${plusQuery}`);
  assert.equal(created.response.returncode, 'SUCCESS', created.text);
  assert.equal(created.response.meetingID, meetingID, 'the meeting id decoded with + as a space');
  const again = await bbbCall(url);
  assert.equal(again.response.returncode, 'SUCCESS', again.text);
  assert.equal(again.response.messageKey, 'duplicateWarning', 'the %20 form names the same meeting');
  assert.equal(again.response.internalMeetingID, created.response.internalMeetingID);
});

test("BigBlueButton's failure keys: missing and bad meeting ids, unknown meetings, clashing passwords, wrong passwords, no slides", async () => {
  assertFailed(await call('create', { name: 'No id' }), 'missingParamMeetingID');
  assertFailed(await call('create', { meetingID: 'bad\u0001id' }), 'invalidMeetingIdentifier');
  assertFailed(await call('create', { meetingID: 'x'.repeat(257) }), 'invalidMeetingIdentifier');
  assertFailed(await call('getMeetingInfo', { meetingID: 'never-created' }), 'notFound');
  assertFailed(await call('end', { meetingID: 'never-created' }), 'notFound');
  assertFailed(await call('join', { meetingID: 'never-created', fullName: 'Ann', password: 'x' }), 'notFound');
  const isRunning = await call('isMeetingRunning', { meetingID: 'never-created' });
  assert.equal(isRunning.response.running, 'false', isRunning.text);

  const meetingID = newMeetingId();
  assert.equal((await call('create', { meetingID, moderatorPW: 'mp', attendeePW: 'ap' })).response.returncode, 'SUCCESS');
  assertFailed(await call('create', { meetingID, moderatorPW: 'other', attendeePW: 'ap' }), 'idNotUnique');
  assertFailed(await call('join', { meetingID, fullName: 'Ann', password: 'wrong' }), 'invalidPassword');
  assertFailed(await call('join', { meetingID, fullName: 'Ann' }), 'invalidPassword');
  assertFailed(await call('join', { meetingID, fullName: 'Ann', role: 'VIEWER', createTime: '1' }), 'mismatchCreateTimeParam');
  assertFailed(await call('insertDocument', { meetingID }), 'notSupported');
  assertFailed(await call('noSuchCall', { meetingID }), 'unsupportedRequest');
});

test('POST create with a presentation is signed over the query only; the presentation is accepted and ignored', async () => {
  const meetingID = newMeetingId();
  const query = jsQuery({ meetingID, name: 'With slides' });
  // An embedded document larger than the server's usual request limit (64 KB).
  const document = Buffer.alloc(300_000, 7).toString('base64');
  const body = `<?xml version="1.0" encoding="UTF-8"?><modules><module name="presentation"><document name="slides.pdf">${document}</document></module></modules>`;
  const answer = await bbbCall(`${apiBase(moot.url)}/create?${query}&checksum=${checksum('create', query, secret, 'sha256')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body,
  });
  assert.equal(answer.response.returncode, 'SUCCESS', answer.text);
  assert.equal(answer.response.meetingID, meetingID);
});

test('join hands out a one-time ticket: it enters the room with the right name, role and userID even with guests off, once', async () => {
  const meetingID = newMeetingId();
  const created = await call('create', { meetingID, name: 'Seminar', moderatorPW: 'mp', attendeePW: 'ap', muteOnStart: 'true', meta_course: 'Physics 101' });
  assert.equal(created.response.returncode, 'SUCCESS', created.text);

  const redirected = await call('join', { meetingID, fullName: 'Maria Teacher', password: 'mp', userID: 'moodle-7' });
  assert.equal(redirected.status, 302, 'redirect=true is the default');
  const teacher = ticketOf(redirected.location!);
  assert.equal(teacher.roomId, created.response.internalMeetingID);
  assert.match(redirected.location!, new RegExp(`^${moot.url}/r/${teacher.roomId}#ticket=`));

  const asXml = await call('join', { meetingID, fullName: 'Sam Student', role: 'viewer', userID: 'moodle-8', redirect: 'false' });
  assert.equal(asXml.response.returncode, 'SUCCESS', asXml.text);
  assert.equal(asXml.response.messageKey, 'successfullyJoined');
  const student = ticketOf(asXml.response.url);

  const a = sockets.add(await guestSocket(moot));
  const joinedTeacher = await a.join({ room: teacher.roomId, ticket: teacher.ticket, name: 'Someone Else', audioMuted: false, videoMuted: true });
  assert.equal(joinedTeacher.self.name, 'Maria Teacher', 'the ticket names the person');
  assert.equal(joinedTeacher.self.role, 'moderator');
  assert.equal(joinedTeacher.self.audioMuted, true, 'muteOnStart');

  const b = sockets.add(await guestSocket(moot));
  const joinedStudent = await b.join({ room: student.roomId, ticket: student.ticket, audioMuted: false, videoMuted: true });
  assert.equal(joinedStudent.self.role, 'participant');

  // Used up: the same ticket opens nothing again, nor does a made-up one; without one a guest is refused (guests are off).
  for (const ticket of [student.ticket, 'x'.repeat(43)]) {
    const c = sockets.add(await guestSocket(moot));
    c.send({ type: 'join', room: student.roomId, ticket, audioMuted: false, videoMuted: false });
    assert.equal((await c.nextError('join')).code, 'invalid-join-ticket');
  }
  const d = sockets.add(await guestSocket(moot));
  d.send({ type: 'join', room: student.roomId, name: 'Gate Crasher', audioMuted: false, videoMuted: false });
  assert.equal((await d.nextError('join')).code, 'members-only');

  const info = await call('getMeetingInfo', { meetingID });
  assert.equal(info.response.returncode, 'SUCCESS', info.text);
  assert.equal(info.response.running, 'true');
  assert.equal(info.response.participantCount, '2');
  assert.equal(info.response.moderatorCount, '1');
  assert.equal(info.response.metadata.course, 'Physics 101');
  assert.equal(info.response.muteOnStart, 'true');
  const attendees = listOf(info.response.attendees, 'attendee');
  assert.deepEqual(
    attendees.map((x) => [x.fullName, x.role, x.userID]).sort(),
    [
      ['Maria Teacher', 'MODERATOR', 'moodle-7'],
      ['Sam Student', 'VIEWER', 'moodle-8'],
    ],
  );
  const meetings = listOf((await call('getMeetings')).response.meetings, 'meeting');
  assert.ok(meetings.some((m) => m.meetingID === meetingID && m.running === 'true'));

  const ended = await call('end', { meetingID });
  assert.equal(ended.response.messageKey, 'sentEndMeetingRequest', ended.text);
  for (const s of [a, b]) assert.equal((await s.next('meetingEnded')).reason, 'ended-by-moderator');
  assertFailed(await call('getMeetingInfo', { meetingID }), 'notFound');
  assert.equal((await call('isMeetingRunning', { meetingID })).response.running, 'false');
});

test('guestPolicy: ASK_MODERATOR puts guests in the lobby, ALWAYS_DENY refuses them', async () => {
  const asking = newMeetingId();
  await call('create', { meetingID: asking, guestPolicy: 'ASK_MODERATOR', moderatorPW: 'mp', attendeePW: 'ap' });
  const mod = ticketOf((await call('join', { meetingID: asking, fullName: 'Mod', password: 'mp' })).location!);
  const guest = ticketOf((await call('join', { meetingID: asking, fullName: 'Gus Guest', password: 'ap', guest: 'true' })).location!);
  const m = sockets.add(await guestSocket(moot));
  await m.join({ room: mod.roomId, ticket: mod.ticket, audioMuted: true, videoMuted: true });
  const g = sockets.add(await guestSocket(moot));
  g.send({ type: 'join', room: guest.roomId, ticket: guest.ticket, audioMuted: true, videoMuted: true });
  await g.next('waiting');
  const lobby = await m.next('lobby', (l) => l.waiting.length === 1);
  assert.equal(lobby.waiting[0]!.name, 'Gus Guest');
  await call('end', { meetingID: asking });

  const denying = newMeetingId();
  await call('create', { meetingID: denying, guestPolicy: 'ALWAYS_DENY', moderatorPW: 'mp', attendeePW: 'ap' });
  assertFailed(await call('join', { meetingID: denying, fullName: 'Gus Guest', password: 'ap', guest: 'true' }), 'guestDeniedAccess');
});

test('a meeting that ends, starts again at once and ends again is announced twice', async () => {
  const meetingID = newMeetingId();
  await call('create', { meetingID, moderatorPW: 'mp', meta_endCallbackUrl: `http://${allowed.host}/again` });
  const endedCallbacks = () => allowed.got.filter((r) => r.url.startsWith('/again?') && new URL(r.url, 'http://x').searchParams.get('meetingID') === meetingID).length;
  // The second meeting starts right after the first ended, long before any periodic check would look.
  for (const round of [1, 2]) {
    const socket = sockets.add(await guestSocket(moot));
    const ticket = ticketOf((await call('join', { meetingID, fullName: `Mod ${round}`, password: 'mp' })).location!);
    await socket.join({ room: ticket.roomId, ticket: ticket.ticket, audioMuted: true, videoMuted: true });
    socket.send({ type: 'leave' });
  }
  await waitFor(() => endedCallbacks() === 2, { timeoutMs: 10_000, message: 'two end callbacks' });
});

test('callbacks reach allowed hosts only: the end callback, and a JWT-signed recording-ready callback', async () => {
  const meetingID = newMeetingId();
  const created = await call('create', {
    meetingID,
    name: 'Called back',
    moderatorPW: 'mp',
    record: 'true',
    meta_endCallbackUrl: `http://${allowed.host}/ended?course=1`,
    'meta_bbb-recording-ready-url': `http://${allowed.host}/ready`,
    'meta_bn-recording-ready-url': `http://${allowed.host}/bn-ready`,
  });
  assert.equal(created.response.returncode, 'SUCCESS', created.text);
  const elsewhere = newMeetingId();
  await call('create', { meetingID: elsewhere, moderatorPW: 'mp', meta_endCallbackUrl: `http://${other.host}/ended`, 'meta_bbb-recording-ready-url': `http://${other.host}/ready` });

  // Both meetings run, then end: once by the API, once by the last person leaving.
  const s = sockets.add(await guestSocket(moot));
  const ownTicket = ticketOf((await call('join', { meetingID, fullName: 'Mod', password: 'mp' })).location!);
  await s.join({ room: ownTicket.roomId, ticket: ownTicket.ticket, audioMuted: true, videoMuted: true });
  const t = sockets.add(await guestSocket(moot));
  const otherTicket = ticketOf((await call('join', { meetingID: elsewhere, fullName: 'Mod', password: 'mp' })).location!);
  await t.join({ room: otherTicket.roomId, ticket: otherTicket.ticket, audioMuted: true, videoMuted: true });
  await call('end', { meetingID });
  t.send({ type: 'leave' });
  await waitFor(() => allowed.got.some((r) => r.url.startsWith('/ended')), { timeoutMs: 10_000, message: 'the end callback' });
  const ended = allowed.got.find((r) => r.url.startsWith('/ended'))!;
  assert.equal(ended.method, 'GET');
  const endedQuery = new URL(ended.url, 'http://x').searchParams;
  assert.equal(endedQuery.get('course'), '1', 'the integration’s own parameters are kept');
  assert.equal(endedQuery.get('meetingID'), meetingID);

  // A recording of each room becomes ready.
  const roomId = created.response.internalMeetingID as string;
  const rec = await moot.cli<{ id: string }>(['recording', 'import', roomId, makeWebm(join(scratch, 'a.webm'), 2), '--name', 'Lecture', '--json']);
  await moot.cli(['recording', 'import', otherTicket.roomId, makeWebm(join(scratch, 'b.webm'), 2), '--json']);
  await waitFor(() => allowed.got.some((r) => r.url === '/ready'), { timeoutMs: 10_000, message: 'the recording-ready callback' });
  const ready = allowed.got.find((r) => r.url === '/ready')!;
  assert.equal(ready.method, 'POST');
  const jwt = new URLSearchParams(ready.body).get('signed_parameters')!;
  const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(secret));
  assert.equal(protectedHeader.alg, 'HS256');
  assert.equal(payload.meeting_id, meetingID);
  assert.equal(payload.record_id, rec.id);
  await waitFor(() => allowed.got.some((r) => r.url === '/bn-ready'), { timeoutMs: 10_000, message: 'the bn-recording-ready callback' });
  assert.equal(new URLSearchParams(allowed.got.find((r) => r.url === '/bn-ready')!.body).get('signed_parameters'), jwt, 'the same signed parameters');

  // Give the watcher a few more rounds: the host that is not allowed must still have nothing.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  assert.deepEqual(other.got, [], 'nothing is sent to a host outside MOOT_BBB_CALLBACK_HOSTS');
  assert.equal(allowed.got.filter((r) => r.url === '/ready').length, 1, 'a recording is announced once');
  assert.equal(allowed.got.filter((r) => r.url.startsWith('/ended')).length, 1, 'a meeting ended by the API is announced once');
  assert.match(moot.logs(), /callback host is not in MOOT_BBB_CALLBACK_HOSTS/);
});

test('getRecordings lists the meeting’s recordings with an expiring playback link; the media needs that link; publish, update, delete', async () => {
  const meetingID = newMeetingId();
  const created = await call('create', { meetingID, name: 'Recorded', record: 'true' });
  const roomId = created.response.internalMeetingID as string;
  const rec = await moot.cli<{ id: string }>(['recording', 'import', roomId, makeWebm(join(scratch, 'c.webm'), 2), '--name', 'Week 1', '--json']);

  const listed = await call('getRecordings', { meetingID });
  assert.equal(listed.response.returncode, 'SUCCESS', listed.text);
  const [recording] = listOf(listed.response.recordings, 'recording');
  assert.equal(recording!.recordID, rec.id);
  assert.equal(recording!.meetingID, meetingID);
  assert.equal(recording!.name, 'Week 1');
  assert.equal(recording!.published, 'true');
  assert.equal(recording!.state, 'published');
  const playback = recording!.playback.format.url as string;
  assert.match(playback, new RegExp(`^${moot.url}/watch#`), 'a link to moot’s player, not a file');

  // The recording's media is private; the link's token opens it, for a limited time.
  const stranger = new HttpClient(moot.url);
  assert.equal((await stranger.get(`/api/recordings/${rec.id}/media`)).status, 401);
  const opened = await stranger.post('/api/shared-recordings', { token: new URL(playback).hash.slice(1) });
  assert.equal(opened.status, 200, opened.text);
  const expiresAt = Date.parse(opened.body.recording.expiresAt);
  assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + 86_400_000, `a link that expires within a day: ${opened.text}`);
  const media = await stranger.get(opened.body.recording.media);
  assert.equal(media.status, 200, 'the link holder streams the video');

  assert.equal((await call('publishRecordings', { recordID: rec.id, publish: 'false' })).response.published, 'false');
  const hidden = listOf((await call('getRecordings', { recordID: rec.id, state: 'unpublished' })).response.recordings, 'recording');
  assert.equal(hidden[0]!.state, 'unpublished');
  assert.deepEqual(hidden[0]!.playback, {}, 'an unpublished recording has no playback link');
  assert.equal((await call('getRecordings', { meetingID, state: 'published' })).response.messageKey, 'noRecordings', 'no published recording now');
  await call('publishRecordings', { recordID: rec.id, publish: 'true' });

  assert.equal((await call('updateRecordings', { recordID: rec.id, meta_topic: 'Vectors' })).response.updated, 'true');
  const updated = listOf((await call('getRecordings', { recordID: rec.id })).response.recordings, 'recording');
  assert.equal(updated[0]!.metadata.topic, 'Vectors');

  assertFailed(await call('publishRecordings', { recordID: 'nope', publish: 'true' }), 'notFound');
  assert.equal((await call('deleteRecordings', { recordID: rec.id })).response.deleted, 'true');
  assert.equal((await call('getRecordings', { meetingID })).response.messageKey, 'noRecordings');
  const gone = await stranger.post('/api/shared-recordings', { token: new URL(playback).hash.slice(1) });
  assert.notEqual(gone.status, 200, 'the link of a deleted recording opens nothing');
});
