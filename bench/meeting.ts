// The meeting benchmark: synthetic participants that send and receive real media through a
// moot server and its managed Janus, driven only through moot's signaling. Prints progress on
// stderr and, as its last stdout line, one JSON object with the figures (see bench/README.md).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { addUser, signedIn } from '../test/helpers/fixtures.ts';
import type { Moot } from '../test/helpers/moot.ts';
import { sleep } from '../test/helpers/wait.ts';
import { SyntheticParticipant, type Meeting } from './participant.ts';
import { CpuMeter, MachineMeter, udpReceiveBufferErrors, type Usage } from './proc.ts';
import { minus, percentile, type ReceiveTotals } from './receive.ts';
import type { MediaSources } from './rtp-source.ts';
import { runAgainstServer, type Processes } from './server-run.ts';

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '10' },
    // This many of the participants join the audience (after the others have their seats).
    listeners: { type: 'string', default: '0' },
    cameras: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    talkers: { type: 'string' },
    // Everyone joins within this many seconds, evenly spaced (default: five joins a second).
    'storm-seconds': { type: 'string' },
    tiles: { type: 'string', default: '9' },
    'tile-height': { type: 'string', default: '240' },
    // Above 1: the meeting cascades over that many Janus nodes, N/K members on each.
    nodes: { type: 'string', default: '1' },
  },
});

function count(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return n;
}

const participants = count('participants', args.participants, 1);
const listeners = Math.min(participants - 1, count('listeners', args.listeners, 0));
const seated = participants - listeners;
const cameras = Math.min(seated, count('cameras', args.cameras, 0));
const talkers = Math.min(seated, count('talkers', args.talkers ?? String(Math.min(3, seated)), 0));
const seconds = count('seconds', args.seconds, 1);
const stormSeconds = count('storm-seconds', args['storm-seconds'] ?? String(participants / 5), 0);
const maxTiles = count('tiles', args.tiles, 0);
const tileHeight = count('tile-height', args['tile-height'], 0);
const nodes = count('nodes', args.nodes, 1);
const membersPerNode = Math.ceil(participants / nodes);

const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function prepare(moot: Moot): Promise<{ roomId: string; audienceFromNowOn: () => Promise<void> }> {
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  const owner = await addUser(moot, 'Bench Owner');
  const room = await moot.cli<{ id: string }>([
    ...['room', 'add', '--owner', owner.email, '--name', 'Bench room', '--guests', 'link'],
    ...['--max-participants', String(Math.min(500, Math.max(2, participants))), '--json'],
  ]);
  // The room's owner turns "People join as audience" on once the seated people are in.
  const audienceFromNowOn = async () => {
    const answer = await (await signedIn(moot, owner)).request('PATCH', `/api/rooms/${room.id}`, { json: { joinAsAudience: true } });
    if (answer.status !== 200) throw new Error(`could not make the room's people join as audience: ${answer.text}`);
  };
  return { roomId: room.id, audienceFromNowOn };
}

/** Waits until `done` holds or the deadline passes; returns whether it held. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

async function run(moot: Moot, sources: MediaSources, processes: Processes) {
  const { roomId, audienceFromNowOn } = await prepare(moot);
  const plans = Array.from({ length: participants }, (_, i) => ({
    name: `${i < cameras ? 'Camera' : i < seated ? 'Seat' : 'Audience'} ${String(i + 1).padStart(3, '0')}`,
    camera: i < cameras,
    talker: i < talkers,
    listener: i >= seated,
    // The server allows 100 connections per address: people come from many, 50 each here.
    address: `10.0.${Math.floor(i / 50)}.${(i % 50) + 1}`,
  }));
  const meeting: Meeting = {
    url: moot.url,
    roomId,
    sources,
    cameraNames: new Set(plans.filter((p) => p.camera).map((p) => p.name)),
    maxTiles,
    tileHeight,
  };
  const people = plans.map((plan) => new SyntheticParticipant(plan, meeting));

  log(`${participants} participants join within ${stormSeconds} s (${cameras} cameras, ${talkers} talking, ${listeners} in the audience)`);
  const gap = (stormSeconds * 1000) / participants;
  const stormStart = performance.now();
  const storm = (group: SyntheticParticipant[]) =>
    Promise.all(
      group.map(async (person, i) => {
        await sleep(i * gap);
        await person.join().catch((err: Error) => void person.errors.push(`join: ${err.message}`));
      }),
    );
  await storm(people.slice(0, seated));
  if (listeners > 0) {
    await until(() => people.slice(0, seated).every((p) => p.firstMixAt !== undefined), 60_000);
    await audienceFromNowOn();
    await storm(people.slice(seated));
  }
  const allJoined = await until(() => people.every((p) => p.firstMixAt !== undefined), 60_000);
  const joined = people.filter((p) => p.firstMixAt !== undefined).length;
  log(`${joined}/${participants} receive the mix ${((performance.now() - stormStart) / 1000).toFixed(1)} s after the first join`);
  if (!allJoined) for (const p of people.filter((q) => q.firstMixAt === undefined).slice(0, 5)) log(`${p.plan.name} not in (PeerConnections: ${p.connectionStates()}): ${p.errors.join('; ') || 'no error'}`);

  // Everyone should see min(cameras, tiles) tiles, minus their own camera.
  const tilesFor = (p: SyntheticParticipant) => (p.plan.listener ? 0 : Math.min(maxTiles, cameras - (p.plan.camera ? 1 : 0)));
  if (cameras > 0) {
    await until(() => people.every((p) => p.firstVideoAt !== undefined || tilesFor(p) === 0), 30_000);
  }
  // Let layer switches settle and keyframes arrive before measuring.
  await sleep(3000);

  const janusPids = processes.janus();
  if (janusPids.length !== nodes) throw new Error(`${janusPids.length} Janus processes found, ${nodes} expected`);
  const server = new CpuMeter(() => [processes.server]);
  const janusNodes = janusPids.map((pid) => new CpuMeter(() => [pid]));
  const generator = new CpuMeter(() => [process.pid]);
  const encoders = new CpuMeter(() => sources.pids());
  const machine = new MachineMeter();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });

  log(`measuring for ${seconds} s`);
  const before = people.map((p) => p.received());
  const checksBefore = people.map((p) => p.checks());
  const udpErrorsBefore = udpReceiveBufferErrors();
  for (const meter of [server, ...janusNodes, generator, encoders, machine]) meter.start();
  loopDelay.enable();
  const windowStart = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - windowStart) / 1000;
  loopDelay.disable();
  const machineUse = machine.stop();
  const udpDropped = udpReceiveBufferErrors() - udpErrorsBefore;
  const [serverUse, generatorUse, encoderUse] = [server, generator, encoders].map((m) => m.stop()) as [Usage, Usage, Usage];
  const janusPerNode = janusNodes.map((m) => m.stop());
  const janusUse = janusPerNode.reduce((sum, u) => ({ cpuPct: sum.cpuPct + u.cpuPct, rssMb: sum.rssMb + u.rssMb }));
  const windows: ReceiveTotals[] = people.map((p, i) => minus(p.received(), before[i]!));
  const checks = people.reduce(
    (sum, p, i) => {
      const now = p.checks();
      const then = checksBefore[i]!;
      return { checked: sum.checked + now.checked - then.checked, failed: sum.failed + now.failed - then.failed, nacked: sum.nacked + now.nacked - then.nacked };
    },
    { checked: 0, failed: 0, nacked: 0 },
  );

  const kbps = (bytes: number) => (bytes * 8) / elapsed / 1000;
  const seatWindows = windows.filter((_, i) => !people[i]!.plan.listener);
  const listenerWindows = windows.filter((_, i) => people[i]!.plan.listener);
  const listenerJoinMs = people.flatMap((p) => (p.plan.listener && p.joinMs !== undefined ? [p.joinMs] : []));
  const expected = windows.reduce((n, w) => n + w.expected, 0);
  const lost = windows.reduce((n, w) => n + Math.max(0, w.expected - w.received), 0);
  const joinMs = people.flatMap((p) => (p.plan.listener || p.joinMs === undefined ? [] : [p.joinMs]));
  const joinedMs = people.flatMap((p) => (p.joinedAt === undefined ? [] : [p.joinedAt - p.joinSentAt]));
  const firstVideoMs = people.flatMap((p) => (p.firstVideoAt === undefined ? [] : [p.firstVideoAt - p.joinSentAt]));
  const errors = people.flatMap((p) => p.errors.map((e) => `${p.plan.name}: ${e}`));
  for (const e of errors.slice(0, 10)) log(`error ${e}`);
  if (process.env.BENCH_DEBUG) people.forEach((p, i) => log(`${p.plan.name} ${JSON.stringify(windows[i])}`));

  log('leaving');
  await Promise.allSettled(people.map((p) => p.leave()));

  const mediaCpu = serverUse.cpuPct + janusUse.cpuPct;
  return {
    participants,
    nodes,
    listeners,
    cameras,
    talkers,
    seconds,
    stormSeconds,
    joined,
    videoReceivers: people.filter((p) => p.firstVideoAt !== undefined).length,
    serverCpuPct: round(serverUse.cpuPct),
    janusCpuPct: round(janusUse.cpuPct),
    cpuPctPerParticipant: round(mediaCpu / participants, 2),
    serverRssMb: round(serverUse.rssMb),
    janusRssMb: round(janusUse.rssMb),
    // Per node only when there are several: with one they are the totals.
    ...(nodes > 1 ? { janusCpuPctPerNode: janusPerNode.map((u) => round(u.cpuPct)), janusRssMbPerNode: janusPerNode.map((u) => round(u.rssMb)) } : {}),
    rssMb: round(serverUse.rssMb + janusUse.rssMb),
    generatorCpuPct: round(generatorUse.cpuPct),
    generatorRssMb: round(generatorUse.rssMb),
    encoderCpuPct: round(encoderUse.cpuPct),
    // Everything the machine did during the window, and the part none of this run's processes did.
    machineCpuPct: round(machineUse.busyPct),
    otherLoadCpuPct: round(Math.max(0, machineUse.busyPct - mediaCpu - generatorUse.cpuPct - encoderUse.cpuPct)),
    cores: machineUse.cores,
    generatorLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    udpReceiveBufferDrops: udpDropped,
    lossPct: round(expected === 0 ? 0 : (100 * lost) / expected, 2),
    nackedPackets: checks.nacked,
    srtpCheckedPackets: checks.checked,
    srtpCheckFailures: checks.failed,
    joinP50Ms: Math.round(percentile(joinMs, 50)),
    joinP95Ms: Math.round(percentile(joinMs, 95)),
    joinMaxMs: Math.round(percentile(joinMs, 100)),
    joinedP50Ms: Math.round(percentile(joinedMs, 50)),
    joinedP95Ms: Math.round(percentile(joinedMs, 95)),
    firstVideoP50Ms: cameras > 0 ? Math.round(percentile(firstVideoMs, 50)) : null,
    downlinkKbpsP50: round(percentile(seatWindows.map((w) => kbps(w.bytes)), 50)),
    mixKbpsP50: round(percentile(seatWindows.map((w) => kbps(w.mixBytes)), 50)),
    videoKbpsP50: round(percentile(seatWindows.map((w) => kbps(w.videoBytes)), 50)),
    // The program (mix and picture) each member of the audience receives, and how long it took to arrive.
    listenerKbpsP50: listeners > 0 ? round(percentile(listenerWindows.map((w) => kbps(w.bytes)), 50)) : null,
    listenerKbpsMin: listeners > 0 ? round(Math.min(...listenerWindows.map((w) => kbps(w.bytes)))) : null,
    listenerJoinP50Ms: listeners > 0 ? Math.round(percentile(listenerJoinMs, 50)) : null,
    listenerJoinP95Ms: listeners > 0 ? Math.round(percentile(listenerJoinMs, 95)) : null,
    errors: errors.length,
  };
}

// Each participant holds up to three PeerConnections, each one port of its node: size each range for it.
// The participants' addresses come through X-Forwarded-For, as behind a reverse proxy on this machine.
runAgainstServer(
  'bench',
  {
    rtpPortCount: Math.max(200, membersPerNode * 4 + 100),
    janusNodes: nodes,
    env: { MOOT_HTTP_TRUST_PROXY: 'loopback', ...(nodes > 1 ? { MOOT_JANUS_CASCADE_MEMBERS: String(membersPerNode) } : {}) },
  },
  run,
);
