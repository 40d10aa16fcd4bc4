// The media driver's forwarders against the real Janus: a meeting's mix and a member's camera
// (a Chromium page with a fake camera) are copied as plain RTP to UDP sockets on 127.0.0.1,
// with the payload type and SSRC asked for, the video starting with a keyframe, and nothing more
// arrives once the forwarders are stopped.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before } from 'node:test';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { Browsers, memberInMeeting } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

let server: RunningServer;
let baseUrl: string;
let owner: TestUser;
let room: TestRoom;
const browsers = new Browsers();
const sockets: Socket[] = [];

before(async () => {
  const { env, url } = await testServerEnv();
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env, args, stdin) };
  owner = await addUser(cli, 'Fiona Forward');
  room = await addRoom(cli, owner, 'Forwarded room');
  server = await startInProcess(env);
  baseUrl = url;
});

after(async () => {
  for (const socket of sockets) socket.close();
  await browsers.close();
  await server?.stop();
});

interface RtpPacket {
  payloadType: number;
  ssrc: number;
  payload: Buffer;
}

function parseRtp(packet: Buffer): RtpPacket | undefined {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return undefined;
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  return { payloadType: packet[1]! & 0x7f, ssrc: packet.readUInt32BE(8), payload: packet.subarray(offset) };
}

/** True when a VP8 RTP payload (RFC 7741) starts a key frame. */
function startsVp8KeyFrame(payload: Buffer): boolean {
  const first = payload[0]!;
  const startOfPartition = (first & 0x10) !== 0 && (first & 0x07) === 0;
  let offset = 1;
  if (first & 0x80) {
    const ext = payload[offset++]!;
    if (ext & 0x80) offset += payload[offset]! & 0x80 ? 2 : 1;
    if (ext & 0x40) offset += 1;
    if (ext & 0x30) offset += 1;
  }
  return startOfPartition && (payload[offset]! & 0x01) === 0;
}

/** A UDP socket on loopback keeping every RTP packet it receives. */
async function receiver(): Promise<{ port: number; packets: RtpPacket[] }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const packets: RtpPacket[] = [];
  socket.on('message', (data) => {
    const packet = parseRtp(data);
    if (packet) packets.push(packet);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, packets };
}

async function quietAfterStop(packets: RtpPacket[], what: string): Promise<void> {
  // Packets already on their way may still land; after that, silence.
  await sleep(500);
  const settled = packets.length;
  await sleep(2000);
  assert.equal(packets.length, settled, `${what} kept arriving after stop()`);
}

test('the mix and a camera are forwarded as RTP to sockets on 127.0.0.1 until stopped', { timeout: 120_000 }, async () => {
  await memberInMeeting(browsers, baseUrl, owner, room.id, 'owner');
  const meeting = server.services.meetings.meetingOf(room.id);
  assert.ok(meeting, 'the meeting runs');
  const [member] = meeting.roster.all();
  assert.ok(member);
  const camera = await waitFor(() => meeting.media.publisherOf(member.id, 'camera') ?? null, { message: 'the camera published' });
  const rooms = await meeting.ensureMedia();

  const mix = await receiver();
  const mixForward = await rooms.forwardMix({ host: '127.0.0.1', port: mix.port, payloadType: 111, ssrc: 0x1234 });
  await waitFor(() => mix.packets.length >= 50 || null, { timeoutMs: 15_000, message: 'the mix to arrive as RTP' });
  assert.ok(
    mix.packets.every((p) => p.payloadType === 111 && p.ssrc === 0x1234),
    'every mix packet has the payload type and SSRC asked for',
  );

  const video = await receiver();
  const videoForward = await waitFor(() => camera.forwardVideo({ host: '127.0.0.1', port: video.port, payloadType: 96, ssrc: 0x5678 }).catch(() => null), {
    message: 'the camera forwarder to start',
  });
  await waitFor(() => video.packets.some((p) => startsVp8KeyFrame(p.payload)) || null, { timeoutMs: 15_000, message: 'a VP8 key frame to arrive as RTP' });
  assert.ok(
    video.packets.every((p) => p.payloadType === 96 && p.ssrc === 0x5678),
    'every video packet has the payload type and SSRC asked for (one layer, not every simulcast layer)',
  );

  await mixForward.stop();
  await videoForward.stop();
  await quietAfterStop(mix.packets, 'the mix');
  await quietAfterStop(video.packets, 'the video');
});
