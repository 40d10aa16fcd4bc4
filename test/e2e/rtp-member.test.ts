// A member that is not a browser: a plain-RTP audio member (what a phone gateway will be) fed by
// ffmpeg into a real Janus mix. The browser in the meeting hears it, sees it in the participant
// list, and its moderator mutes and removes it through the ordinary meeting page.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { ServerMessage } from '@moot/protocol';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { findRoom } from '../../packages/server/src/rooms/rooms.ts';
import type { Meeting } from '../../packages/server/src/meetings/meeting.ts';
import type { Participant } from '../../packages/server/src/meetings/participant.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { Browsers, memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { moderateFromList } from '../helpers/meeting-ui.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';
import { freeUdpRange } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';

const OPUS_PT = 111;
let server: RunningServer;
let baseUrl: string;
let owner: TestUser;
let room: TestRoom;
const browsers = new Browsers();
const children: ChildProcess[] = [];
const sockets: Socket[] = [];

before(async () => {
  const { env, url } = await testServerEnv();
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env, args, stdin) };
  owner = await addUser(cli, 'Olga Owner');
  room = await addRoom(cli, owner, 'Call-in room');
  server = await startInProcess(env);
  baseUrl = url;
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const socket of sockets) socket.close();
  await browsers.close();
  await server?.stop();
});

function bound(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  return new Promise((resolve) => socket.bind(port, '127.0.0.1', () => resolve(socket)));
}

/**
 * The gateway's side of the call: Janus accepts a plain-RTP seat's packets only from the
 * address it was given (symmetric RTP), so one socket on that port sends the tone from ffmpeg
 * to the mixer and passes the mix it gets back to a listening ffmpeg.
 */
async function gateway(seatPort: number, tonePort: number, listenPort: number, mixer: { host: string; port: number }): Promise<void> {
  const seat = await bound(seatPort);
  const tone = await bound(tonePort);
  tone.on('message', (packet) => seat.send(packet, mixer.port, mixer.host));
  seat.on('message', (packet) => seat.send(packet, listenPort, '127.0.0.1'));
}

/** ffmpeg sending a 440 Hz tone as Opus RTP, as a phone gateway would. */
function sendTone(host: string, port: number): void {
  const child = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-c:a', 'libopus', '-b:a', '32k', '-payload_type', String(OPUS_PT), '-f', 'rtp', `rtp://${host}:${port}`], { stdio: 'ignore' });
  children.push(child);
}

/** ffmpeg receiving what the mixer sends this member for `seconds` and measuring its loudness. */
function meanVolumeOfMix(dir: string, port: number, seconds: number): Promise<number> {
  const sdp = join(dir, 'mix.sdp');
  writeFileSync(sdp, `v=0\no=- 0 0 IN IP4 127.0.0.1\ns=mix\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio ${port} RTP/AVP ${OPUS_PT}\na=rtpmap:${OPUS_PT} opus/48000/2\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-protocol_whitelist', 'file,udp,rtp', '-i', sdp, '-t', String(seconds), '-af', 'volumedetect', '-f', 'null', '-'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', () => {
      const match = /mean_volume: (-?[\d.]+) dB/.exec(err);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`ffmpeg heard no mix:\n${err.slice(-2000)}`));
    });
  });
}

test('a plain-RTP member is heard by the browsers, hears them, shows in the list and is muted and removed by a moderator', async () => {
  const olga = await memberInMeeting(browsers, baseUrl, owner, room.id, 'owner');
  const { meetings } = server.services;
  const roomRow = await findRoom(server.services.db, room.id);
  assert.ok(roomRow);

  const told: ServerMessage[] = [];
  const entered = await meetings.admit(roomRow, {
    name: 'Phone …1234',
    role: 'guest',
    userId: undefined,
    guestKey: 'rtp-test-caller',
    kind: 'rtp',
    audioMuted: false,
    videoMuted: true,
    link: { send: (m) => void told.push(m) },
  });
  assert.equal(entered.ok, true, entered.ok === false ? entered.code : 'the RTP member waits in the lobby');
  const { meeting, participant } = entered as { ok: true; meeting: Meeting; participant: Participant };

  // RTP on even ports, RTCP on the next, as ffmpeg uses them.
  const first = Number((await freeUdpRange(6)).split('-')[0]);
  const [seatPort, tonePort, listenPort] = [first, first + 2, first + 4];
  const mixer = await meeting.media.seatRtp(participant, { host: '127.0.0.1', port: seatPort, payloadType: OPUS_PT });
  assert.equal(mixer.host, '127.0.0.1', 'Janus listens for plain RTP on loopback');
  await gateway(seatPort, tonePort, listenPort, mixer);
  sendTone('127.0.0.1', tonePort);

  // Everyone sees the new member, and the browser's mix carries its tone.
  await participantId(olga.page, 'Phone …1234');
  await waitForMix(olga.page, 'sound');

  // The member hears the browser (Chromium's fake microphone beeps) through the mix sent to it.
  const heard = await meanVolumeOfMix(server.services.config.data.dir, listenPort, 4);
  assert.ok(heard > -60, `the mix sent to the RTP member is silent (${heard} dB)`);

  await moderateFromList(olga.page, 'Phone …1234', 'Mute');
  await waitForMix(olga.page, 'silence');
  assert.equal(participant.audioMuted, true);

  await moderateFromList(olga.page, 'Phone …1234', 'Remove');
  await waitFor(() => (meeting.roster.get(participant.id) ? null : true), { message: 'the RTP member to leave the meeting' });
  assert.ok(told.some((m) => m.type === 'meetingEnded' && m.reason === 'removed' && m.by === 'Olga Owner'), 'the member is told it was removed');
  await olga.page.locator('ul[aria-label="Participants"] > li').filter({ hasText: 'Phone …1234' }).waitFor({ state: 'detached' });
});
