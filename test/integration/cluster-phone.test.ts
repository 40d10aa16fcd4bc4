// A phone call to a meeting another server process runs: two moot processes (one PostgreSQL, one
// Redis, each its own Janus and SIP port, all real), a member's signaling on process A starts the
// meeting, and a SIPp caller dials process B. B keeps the call's SIP and audio and hands the caller
// to A, whose meeting has them as a phone participant; A's Janus mixes for the caller at B. A
// second caller, dialling A itself, is the voice the first one hears, and hears the first. When A
// dies, B's caller follows the meeting to where it starts again.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { ParticipantView } from '@moot/protocol';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import type { Moot } from '../helpers/moot.ts';
import { freePort, freeUdpRange } from '../helpers/ports.ts';
import { callMoot, type SipCaller } from '../helpers/sip-caller.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';

/** Quieter than any prompt, louder than the digital silence of an empty mix. */
const SILENCE_DBFS = -60;
/** The callers' tones arrive through the mix well above this (SIPp streams them at about -15 dBFS). */
const VOICE_DBFS = -40;

let cluster: TestCluster;
let a: Moot;
let b: Moot;
let aSip: number;
let bSip: number;
let owner: TestUser;
let room: TestRoom;
let pin: string;
const sockets = new Sockets();
const callers: SipCaller[] = [];

async function sipEnv(): Promise<{ env: Record<string, string>; port: number }> {
  const port = await freePort();
  return { port, env: { MOOT_SIP_LISTEN: `127.0.0.1:${port}`, MOOT_SIP_RTP_PORTS: await freeUdpRange(40) } };
}

/** B's address as Janus reaches it: another loopback address, as a process on another machine has its private one. */
const B_ADDRESS = '127.0.0.2';

/** Whether some UDP socket of this network namespace is bound to `address` (IPv4). */
function udpBoundTo(address: string): boolean {
  const hex = Buffer.from(address.split('.').map(Number)).readUInt32LE(0).toString(16).toUpperCase().padStart(8, '0');
  return readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1]?.startsWith(`${hex}:`));
}

before(async () => {
  cluster = await startCluster(0);
  const [sipA, sipB] = [await sipEnv(), await sipEnv()];
  a = await cluster.addServer(sipA.env);
  b = await cluster.addServer({ ...sipB.env, MOOT_JANUS_SERVER_ADDRESS: B_ADDRESS });
  [aSip, bSip] = [sipA.port, sipB.port];
  await a.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(a, 'Olga Owner');
  room = await addRoom(a, owner, 'Call-in room', 'link');
  const shown = await a.cli<{ dialIn?: { pin: string } }>(['room', 'show', room.id, '--json']);
  assert.ok(shown.dialIn, 'the room has a dial-in PIN');
  pin = shown.dialIn.pin;
});

afterEach(() => sockets.closeAll());
after(async () => {
  for (const caller of callers) caller.stop();
  await sockets.closeAll();
  await cluster?.stop();
});

async function call(callId: string, sipPort = bSip, number = '+4930123456'): Promise<SipCaller> {
  const caller = await callMoot(`127.0.0.1:${sipPort}`, { keys: `${pin}#`, number, callId });
  callers.push(caller);
  return caller;
}

/** Ends the call from the caller's side, as a phone hanging up does: a BYE in its dialog. */
async function hangUpAt(sipPort: number, callId: string): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const bye = [
    `BYE sip:moot@127.0.0.1:${sipPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${socket.address().port};branch=z9hG4bK-bye-${callId}`,
    `From: <sip:+4930123456@127.0.0.1>;tag=caller`,
    `To: <sip:moot@127.0.0.1:${sipPort}>;tag=moot`,
    `Call-ID: ${callId}`,
    'CSeq: 2 BYE',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const answered = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
  socket.send(bye, sipPort, '127.0.0.1');
  const answer = await answered;
  socket.close();
  assert.match(answer, /^SIP\/2\.0 200 /, 'moot confirms the hang-up');
}

async function phoneJoins(member: SignalingClient): Promise<ParticipantView> {
  const joined = await member.next('participantJoined', (m) => m.participant.phone, 45_000);
  return joined.participant;
}

function speaks(member: SignalingClient, phone: ParticipantView) {
  return member.next('participantUpdated', (m) => m.participant.id === phone.id && m.participant.speaking, 30_000);
}

test('a caller dialling one process enters the meeting another process runs: prompts, talking, the mix both ways, *6 mutes, hanging up leaves', async () => {
  const olga = await sockets.member(a, owner);
  await olga.join({ room: room.id });
  const caller = await call('moot-cluster-phone-1');

  const phone = await phoneJoins(olga);
  assert.equal(phone.name, 'Phone …3456');
  assert.equal(phone.audioMuted, false);
  // The meeting's process has the caller told they joined: the prompt plays at B, to the caller.
  const level = await caller.heardLevel(3);
  assert.ok(level > SILENCE_DBFS, `the caller heard ${level} dBFS after joining`);
  assert.ok(udpBoundTo(B_ADDRESS), `B faces Janus at its own address, ${B_ADDRESS}`);
  // B judges the caller's tone as talking, and A's meeting shows it.
  await speaks(olga, phone);
  // Alone with a silent member, the caller hears no voice: the mix leaves out their own.
  const alone = await caller.heardLevel(2);
  assert.ok(alone < VOICE_DBFS, `the caller heard ${alone} dBFS with nobody else talking`);

  // A caller at A's own SIP port is in the same mix: each hears the other's tone.
  const local = await call('moot-cluster-phone-local', aSip, '+4930999999');
  const other = await phoneJoins(olga);
  assert.equal(other.name, 'Phone …9999');
  await speaks(olga, other);
  const [heardAtB, heardAtA] = await Promise.all([caller.heardLevel(2), local.heardLevel(2)]);
  assert.ok(heardAtB > VOICE_DBFS, `the caller at B heard the meeting at ${heardAtB} dBFS`);
  assert.ok(heardAtA > VOICE_DBFS, `the caller at A heard the caller at B at ${heardAtA} dBFS`);
  local.stop();
  await hangUpAt(aSip, 'moot-cluster-phone-local');
  await olga.next('participantLeft', (m) => m.id === other.id, 30_000);

  await caller.pressStarSix();
  const muted = await olga.next('participantUpdated', (m) => m.participant.id === phone.id && m.participant.audioMuted, 30_000);
  assert.equal(muted.participant.phone, true);

  await hangUpAt(bSip, 'moot-cluster-phone-1');
  const left = await olga.next('participantLeft', (m) => m.id === phone.id, 30_000);
  assert.equal(left.id, phone.id);
  caller.stop();
  assert.ok(a.running() && b.running(), 'both processes still serve');
});

test('when the process running the meeting dies, the caller at the other process follows the meeting to where it starts again, talks and is heard there, and hangs up', async () => {
  const olga = await sockets.member(a, owner);
  await olga.join({ room: room.id });
  const caller = await call('moot-cluster-phone-2');
  await phoneJoins(olga);
  await a.crash();
  // Olga's page would come back by itself; her socket here joins again through B once A no longer beats.
  const redis = cluster.redis.client();
  try {
    await waitFor(async () => (await redis.keys('moot:process:*')).length === 1 || undefined, { timeoutMs: 20_000, message: "A's heartbeat to lapse" });
  } finally {
    redis.disconnect();
  }
  const olgaAtB = await sockets.member(b, owner);
  const joined = await olgaAtB.join({ room: room.id });
  const phone = joined.participants.find((p) => p.phone) ?? (await phoneJoins(olgaAtB));
  assert.equal(phone.name, 'Phone …3456');
  await speaks(olgaAtB, phone);
  // A second caller in the meeting at B: each hears the other through B's mix.
  const second = await call('moot-cluster-phone-3', bSip, '+4930777777');
  const other = await phoneJoins(olgaAtB);
  assert.equal(other.name, 'Phone …7777');
  await speaks(olgaAtB, other);
  const [heardMoved, heardSecond] = await Promise.all([caller.heardLevel(2), second.heardLevel(2)]);
  assert.ok(heardMoved > VOICE_DBFS, `the moved caller hears the meeting in B (${heardMoved} dBFS)`);
  assert.ok(heardSecond > VOICE_DBFS, `the moved caller is heard in B (${heardSecond} dBFS)`);
  second.stop();
  await hangUpAt(bSip, 'moot-cluster-phone-3');
  await hangUpAt(bSip, 'moot-cluster-phone-2');
  await olgaAtB.next('participantLeft', (m) => m.id === phone.id, 30_000);
  caller.stop();
});
