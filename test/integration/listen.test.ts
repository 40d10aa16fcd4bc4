// "Listen and chat" at the protocol level against a real server, Janus and ffmpeg: listeners pass
// the same door as everyone, may not send media, and get the meeting's mix as an Ogg/Opus
// stream whose address works once, for them only, while they are in the meeting.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { makeTempDir, pidsWithCommandLine, startMoot, type Moot } from '../helpers/moot.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let room: TestRoom;
let otherRoom: TestRoom;
/** ffmpeg's SDP files go under the server's own folder, so this test finds its ffmpeg by it. */
let dataDir: string;
const sockets = new Sockets();

before(async () => {
  dataDir = makeTempDir('moot-data-');
  moot = await startMoot({ dataDir, env: { TMPDIR: dataDir } });
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(moot, 'Olga Owner');
  room = await addRoom(moot, owner, 'Talk', 'code', '2468');
  otherRoom = await addRoom(moot, owner, 'Other talk', 'link');
});

// Every meeting here ends with its test: no ffmpeg may outlive it.
afterEach(async () => {
  await sockets.closeAll();
  await waitFor(() => listenerFfmpegs().length === 0, { timeoutMs: 10_000, message: 'no listeners’ ffmpeg left once the meetings ended' });
});
after(async () => {
  await sockets.closeAll();
  await moot?.stop();
});

function listenerFfmpegs(): number[] {
  return pidsWithCommandLine(`${dataDir}/moot-listen-`);
}

async function listener(roomId: string, name: string, accessCode?: string): Promise<{ ws: SignalingClient; id: string }> {
  const ws = await sockets.guest(moot);
  const joined = await ws.join({ room: roomId, name, listenOnly: true, ...(accessCode ? { accessCode } : {}) });
  return { ws, id: joined.self.id };
}

async function streamPath(ws: SignalingClient): Promise<string> {
  ws.send({ type: 'listen' });
  return (await ws.next('listenStream')).path;
}

/** A response body read in steps: `until` reads on until `enough` says so (or the body ends). */
function body(response: Response) {
  const reader = response.body!.getReader();
  let bytes = Buffer.alloc(0);
  let ended = false;
  return {
    get ended() {
      return ended;
    },
    async until(enough: (bytes: Buffer) => boolean): Promise<Buffer> {
      while (!ended && !enough(bytes)) {
        const { value, done } = await reader.read();
        if (done) ended = true;
        else bytes = Buffer.concat([bytes, Buffer.from(value)]);
      }
      return bytes;
    },
    cancel: () => reader.cancel(),
  };
}

test('a listener enters only with the access code, is listed as listening, and may not publish or unmute', async () => {
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: room.id });
  const refused = await sockets.guest(moot);
  await assert.rejects(refused.join({ room: room.id, name: 'Lena', listenOnly: true }), /access-code-required/);

  const lena = await listener(room.id, 'Lena', '2468');
  const seen = await ownerWs.next('participantJoined', (m) => m.participant.id === lena.id);
  assert.equal(seen.participant.listening, true);
  lena.ws.send({ type: 'view', tiles: [], audioOnly: false });
  assert.equal((await lena.ws.nextError('view')).code, 'listening-only');
  lena.ws.send({ type: 'mute', kind: 'audio', muted: false });
  assert.equal((await lena.ws.nextError('mute')).code, 'listening-only');
  ownerWs.send({ type: 'listen' });
  assert.equal((await ownerWs.nextError('listen')).code, 'forbidden', 'a WebRTC member gets no stream address');

  lena.ws.send({ type: 'chat', text: 'Hello from Tor' });
  assert.equal((await ownerWs.next('chat')).message.text, 'Hello from Tor');
  lena.ws.send({ type: 'hand', raised: true });
  await ownerWs.next('participantUpdated', (m) => m.participant.id === lena.id && m.participant.handRaisedAt !== null);
});

test('the stream is Ogg/Opus from its header on; its address works once, and not without its token or in another room', async () => {
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: room.id });
  const lena = await listener(room.id, 'Lena', '2468');
  const path = await streamPath(lena.ws);
  assert.match(path, new RegExp(`^/api/rooms/${room.id}/listen\\?token=`));

  const response = await fetch(moot.url + path);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'audio/ogg');
  const stream = body(response);
  const start = await stream.until((b) => b.length >= 4096);
  assert.equal(start.subarray(0, 4).toString('latin1'), 'OggS');
  assert.equal(start.subarray(28, 36).toString('latin1'), 'OpusHead');
  assert.ok(start.includes(Buffer.from('OpusTags')));
  await stream.cancel();

  assert.equal((await fetch(moot.url + path)).status, 401, 'a used token opens nothing');
  assert.equal((await fetch(`${moot.url}/api/rooms/${room.id}/listen`)).status, 401, 'no token');
  assert.equal((await fetch(`${moot.url}/api/rooms/${room.id}/listen?token=${'x'.repeat(43)}`)).status, 401, 'a made-up token');

  await sockets.member(moot, owner).then((ws) => ws.join({ room: otherRoom.id }));
  const paul = await listener(otherRoom.id, 'Paul');
  const paulsToken = new URL(moot.url + (await streamPath(paul.ws))).searchParams.get('token')!;
  assert.equal((await fetch(`${moot.url}/api/rooms/${room.id}/listen?token=${paulsToken}`)).status, 404, "another meeting's token");
});

test('a listener who asks for stream addresses in a loop is told to slow down', async () => {
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: room.id });
  const lena = await listener(room.id, 'Lena', '2468');
  for (let i = 0; i < 8; i++) lena.ws.send({ type: 'listen' });
  assert.equal((await lena.ws.nextError('listen')).code, 'listen-too-fast');
});

test("a removed listener's stream ends and their unused address stops working; the last listener out stops ffmpeg", async () => {
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: room.id });
  const lena = await listener(room.id, 'Lena', '2468');
  await waitFor(() => listenerFfmpegs().length === 1, { timeoutMs: 10_000, message: 'one ffmpeg for the meeting' });
  const mia = await listener(room.id, 'Mia', '2468');
  const stream = body(await fetch(moot.url + (await streamPath(lena.ws))));
  await stream.until((b) => b.length > 1000);
  const unused = await streamPath(lena.ws);
  assert.equal(listenerFfmpegs().length, 1, 'still one ffmpeg with two listeners');

  ownerWs.send({ type: 'moderate', action: 'remove', target: lena.id });
  assert.equal((await lena.ws.next('meetingEnded')).reason, 'removed');
  // The response ends: reading runs out instead of waiting for more audio forever.
  await stream.until(() => false);
  assert.equal(stream.ended, true);
  assert.equal((await fetch(moot.url + unused)).status, 401);

  mia.ws.send({ type: 'leave' });
  await waitFor(() => listenerFfmpegs().length === 0, { timeoutMs: 10_000, message: 'ffmpeg stopped after the last listener left' });
});
