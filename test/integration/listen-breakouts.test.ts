// "Listen and chat" in breakout rooms, against a real server, Janus and ffmpeg: when the
// moderator lets callers and listeners go along, a listener moved to a breakout room hears that
// room's mix in their Ogg stream (a tone played only there, and not the main room's), and the
// main room's again after the call back. Two plain-RTP members make the sound: one plays 440 Hz
// and stays in the main room, the other plays 660 Hz and is moved to room 1 with the listener.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { after, before } from 'node:test';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { findRoom } from '../../packages/server/src/rooms/rooms.ts';
import type { Meeting } from '../../packages/server/src/meetings/meeting.ts';
import type { Participant } from '../../packages/server/src/meetings/participant.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { DECODE_OGG, levelAt } from '../helpers/listener-ear.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';

const OPUS_PT = 111;
const MAIN_HZ = 440;
const ROOM_HZ = 660;
let server: RunningServer;
let url: string;
let olga: TestUser;
let room: TestRoom;
const sockets = new Sockets();
const children: ChildProcess[] = [];
const udp: Socket[] = [];

before(async () => {
  const env = await testServerEnv();
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env.env, args, stdin) };
  await runCli(env.env, ['settings', 'set', 'guests', 'on', '--json']);
  olga = await addUser(cli, 'Olga Owner');
  room = await addRoom(cli, olga, 'Class with listeners', 'link');
  server = await startInProcess(env.env);
  url = env.url;
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const socket of udp) socket.close();
  await sockets.closeAll();
  await server?.stop();
});

function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  udp.push(socket);
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

/**
 * A plain-RTP member playing a tone, as a phone gateway does: one socket sends ffmpeg's Opus to
 * the mixer (Janus takes a seat's packets only from the address it was given), and it takes a
 * seat in the mix of wherever the member is after each `breakoutMoved`.
 */
async function toneMember(name: string, hz: number): Promise<Participant> {
  const seat = await bound();
  const tone = await bound();
  const endpoint = { host: '127.0.0.1', port: seat.address().port, payloadType: OPUS_PT };
  let mixer: { host: string; port: number } | undefined;
  tone.on('message', (packet) => mixer && seat.send(packet, mixer.port, mixer.host));
  let where: { meeting: Meeting; participant: Participant } | undefined;
  const reseat = async () => {
    if (!where) return;
    mixer = await where.meeting.mediaOf(where.participant).seatRtp(where.participant, endpoint);
  };
  const roomRow = await findRoom(server.services.db, room.id);
  assert.ok(roomRow);
  const entered = await server.services.meetings.admit(roomRow, {
    name,
    role: 'guest',
    userId: undefined,
    guestKey: `tone:${name}`,
    kind: 'rtp',
    audioMuted: false,
    videoMuted: true,
    link: { send: (m) => void (m.type === 'breakoutMoved' && reseat()) },
  });
  assert.equal(entered.ok, true);
  if (entered.ok !== true) throw new Error('not admitted');
  where = { meeting: entered.meeting, participant: entered.participant };
  await reseat();
  const child = spawn(
    'ffmpeg',
    ['-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=48000`, '-c:a', 'libopus', '-b:a', '32k', '-payload_type', String(OPUS_PT), '-f', 'rtp', `rtp://127.0.0.1:${tone.address().port}`],
    { stdio: 'ignore' },
  );
  children.push(child);
  return entered.participant;
}

/** Decodes Ogg bytes to 48 kHz mono samples with ffmpeg (the padding stream beside the Opus one is left out). */
function decode(ogg: Buffer): Promise<Int16Array> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-i', 'pipe:0', ...DECODE_OGG, 'pipe:1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const pcm = Buffer.concat(out);
      if (code !== 0 && pcm.length === 0) reject(new Error(`ffmpeg could not decode the stream: ${err}`));
      else resolve(new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2)));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ogg);
  });
}

/** Opens a fresh stream address of the listener and reads about three seconds of it. */
async function listenFor3s(ws: SignalingClient): Promise<Buffer> {
  ws.send({ type: 'listen' });
  const { path } = await ws.next('listenStream');
  const response = await fetch(url + path);
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const chunks: Buffer[] = [];
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
  }
  await reader.cancel();
  return Buffer.concat(chunks);
}

/** Reads the listener's stream until `hears` holds for its levels at both tones. */
async function waitUntilHeard(ws: SignalingClient, what: string, hears: (main: number, inRoom: number) => boolean): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const samples = await decode(await listenFor3s(ws));
      // The first second may still hold what ffmpeg buffered before the move.
      const tail = samples.subarray(48_000);
      const main = levelAt(tail, MAIN_HZ);
      const inRoom = levelAt(tail, ROOM_HZ);
      last = `${MAIN_HZ} Hz at ${main.toFixed(1)} dBFS, ${ROOM_HZ} Hz at ${inRoom.toFixed(1)} dBFS over ${(tail.length / 48_000).toFixed(1)} s`;
      return tail.length > 24_000 && hears(main, inRoom);
    },
    { timeoutMs: 40_000, intervalMs: 500, message: what },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the listener's stream had ${last}`);
  });
}

const LOUD = -40;
const QUIET = -60;

test('a listener sent to a breakout room hears that room’s mix in their stream, not the main room’s, and the main room again after the call back', { timeout: 180_000 }, async () => {
  const moderator = await sockets.member({ url }, olga);
  await moderator.join({ room: room.id, audioMuted: true, videoMuted: true });
  const listener = await sockets.guest({ url });
  const lena = (await listener.join({ room: room.id, name: 'Lena', listenOnly: true })).self.id;
  await toneMember('Main tone', MAIN_HZ);
  const roomTone = await toneMember('Room tone', ROOM_HZ);

  await waitUntilHeard(listener, 'both tones in the main room', (main, inRoom) => main > LOUD && inRoom > LOUD);

  moderator.send({ type: 'breakoutStart', rooms: 2, assign: 'manual', minutes: 10, callers: 'stay' });
  await moderator.next('breakouts', (m) => m.breakouts !== null);
  moderator.send({ type: 'breakoutMove', participantId: lena, room: 0 });
  assert.equal((await moderator.nextError('breakoutMove')).code, 'breakout-phone', 'listeners stay when the moderator keeps them in the main room');
  moderator.send({ type: 'breakoutEnd' });
  await moderator.next('breakouts', (m) => m.breakouts === null);

  moderator.send({ type: 'breakoutStart', rooms: 2, assign: 'manual', minutes: 10, callers: 'go' });
  await moderator.next('breakouts', (m) => m.breakouts !== null);
  moderator.send({ type: 'breakoutMove', participantId: roomTone.id, room: 0 });
  moderator.send({ type: 'breakoutMove', participantId: lena, room: 0 });
  assert.deepEqual(await listener.next('breakoutMoved'), { type: 'breakoutMoved', room: 0 });
  await waitUntilHeard(listener, `only room 1's ${ROOM_HZ} Hz tone in room 1`, (main, inRoom) => inRoom > LOUD && main < QUIET);

  moderator.send({ type: 'breakoutEnd' });
  assert.deepEqual(await listener.next('breakoutMoved'), { type: 'breakoutMoved', room: null });
  await waitUntilHeard(listener, `the main room's ${MAIN_HZ} Hz tone again after the call back`, (main) => main > LOUD);
});
