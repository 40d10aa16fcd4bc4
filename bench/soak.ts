// The soak: synthetic participants keep joining and leaving one meeting for a long time, with
// chat and mute traffic and real media, while the server's and Janus's memory is sampled. At
// the end, after everyone left, it counts what Janus still holds. Prints progress on stderr and,
// as its last stdout line, one JSON object with the figures (see bench/README.md).
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ClientMessage } from '../packages/protocol/src/index.ts';
import { addUser } from '../test/helpers/fixtures.ts';
import type { Moot } from '../test/helpers/moot.ts';
import { sleep } from '../test/helpers/wait.ts';
import { SyntheticParticipant, type Meeting } from './participant.ts';
import { CpuMeter, MachineMeter, procStat } from './proc.ts';
import type { MediaSources } from './rtp-source.ts';
import { runAgainstServer } from './server-run.ts';
import { janusHandleThreads, janusRooms, janusUdpSockets } from './soak-janus.ts';
import { Sampler } from './soak-samples.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'warmup-minutes': { type: 'string', default: '3' },
    participants: { type: 'string', default: '20' },
    cameras: { type: 'string', default: '2' },
    talkers: { type: 'string', default: '5' },
    'min-stay': { type: 'string', default: '5' },
    'max-stay': { type: 'string', default: '60' },
    // Share of departures that drop the socket instead of sending `leave`.
    'drop-percent': { type: 'string', default: '30' },
    // How long the server keeps a participant whose socket dropped.
    'grace-seconds': { type: 'string', default: '10' },
  },
});

function count(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return n;
}

const minutes = count('minutes', args.minutes, 0.1);
const warmupMinutes = Math.min(minutes / 2, count('warmup-minutes', args['warmup-minutes'], 0));
const participants = count('participants', args.participants, 1);
const cameras = Math.min(participants, count('cameras', args.cameras, 0));
const talkers = Math.min(participants, count('talkers', args.talkers, 0));
const minStay = count('min-stay', args['min-stay'], 1);
const maxStay = Math.max(minStay, count('max-stay', args['max-stay'], 1));
const dropPercent = Math.min(100, count('drop-percent', args['drop-percent'], 0));
const graceSeconds = count('grace-seconds', args['grace-seconds'], 1);
/** How long a join may take, from `join` to the first packet of the mix, before it counts as failed. */
const JOIN_TIMEOUT_MS = 30_000;
/** The window whose median memory stands for "after warm-up" and "at the end". */
const MEMORY_WINDOW_S = Math.min(60, (minutes - warmupMinutes) * 30);

const log = (text: string) => process.stderr.write(`[soak] ${text}\n`);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const tally = { joins: 0, joined: 0, leaves: 0, drops: 0, chats: 0, mutes: 0, failedJoins: 0, peerConnectionFailures: 0 };
const errors: string[] = [];

/**
 * SyntheticParticipant offers no way to send arbitrary messages or to lose its socket without a
 * `leave`; the soak reaches both through its private members.
 */
type Reachable = { send(message: ClientMessage): void; ws: { terminate(): void } | undefined };
const reach = (person: SyntheticParticipant) => person as unknown as Reachable;

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

/** Chat and mute toggles every few seconds until `untilMs`, as people in a meeting do. */
async function chatter(person: SyntheticParticipant, untilMs: number): Promise<void> {
  let muted = !person.plan.talker;
  for (;;) {
    const wait = randomInt(3000, 10_000);
    if (performance.now() + wait >= untilMs) return sleep(Math.max(0, untilMs - performance.now()));
    await sleep(wait);
    if (randomInt(2) === 0) {
      reach(person).send({ type: 'chat', text: `${person.plan.name} says ${randomInt(1_000_000)}` });
      tally.chats++;
    } else {
      muted = !muted;
      reach(person).send({ type: 'mute', kind: 'audio', muted });
      tally.mutes++;
    }
  }
}

/** One seat of the meeting: someone joins, stays a while, leaves or drops; then the next one. */
async function seat(slot: number, meeting: Meeting, endAt: number): Promise<void> {
  for (let turn = 1; performance.now() < endAt; turn++) {
    const camera = slot < cameras;
    const name = `${camera ? 'Camera' : 'Guest'} ${slot + 1}.${turn}`;
    if (camera) meeting.cameraNames.add(name);
    const person = new SyntheticParticipant({ name, camera, talker: slot < talkers }, meeting);
    tally.joins++;
    try {
      await person.join();
      if (await until(() => person.firstMixAt !== undefined, JOIN_TIMEOUT_MS)) {
        tally.joined++;
        await chatter(person, Math.min(endAt, performance.now() + randomInt(minStay * 1000, maxStay * 1000 + 1)));
      } else {
        tally.failedJoins++;
        errors.push(`${name}: no mix ${JOIN_TIMEOUT_MS / 1000} s after join (PeerConnections: ${person.connectionStates()})`);
      }
    } catch (err) {
      tally.failedJoins++;
      errors.push(`${name}: join: ${(err as Error).message}`);
    }
    if (person.connectionStates().includes('failed')) {
      tally.peerConnectionFailures++;
      errors.push(`${name}: PeerConnections ${person.connectionStates()}`);
    }
    if (randomInt(100) < dropPercent) {
      // Gone without a word: the server keeps the seat for its grace period, then removes it.
      reach(person).ws?.terminate();
      tally.drops++;
    } else {
      tally.leaves++;
    }
    await person.leave();
    errors.push(...person.errors.map((e) => `${name}: ${e}`));
    meeting.cameraNames.delete(name);
  }
}

async function prepare(moot: Moot): Promise<string> {
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  const owner = await addUser(moot, 'Soak Owner');
  const room = await moot.cli<{ id: string }>([
    ...['room', 'add', '--owner', owner.email, '--name', 'Soak room', '--guests', 'link'],
    // Dropped seats stay for the grace period beside their successors.
    ...['--max-participants', String(Math.min(500, participants * 3)), '--json'],
  ]);
  return room.id;
}

/** Distinct error and warning lines the server logged, read every 10 s from the tail of its output. */
class LogWatch {
  readonly errors = new Set<string>();
  readonly warnings = new Set<string>();
  constructor(private moot: Moot) {}
  scan(): void {
    for (const line of this.moot.logs().split('\n')) {
      if (/"level":(50|60)/.test(line)) this.errors.add(line);
      else if (/"level":40/.test(line)) this.warnings.add(line);
    }
  }
  /** How often each warning was logged, by its message. */
  warningsByMessage(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const line of this.warnings) {
      let msg = line;
      try {
        // Janus's own lines are all logged as "janus": the line Janus wrote tells them apart.
        const record = JSON.parse(line) as { msg?: unknown; janus?: unknown; err?: unknown };
        const detail = record.msg === 'janus' ? record.janus : record.err;
        msg = `${String(record.msg)}${detail === undefined ? '' : `: ${String(detail).replace(/\d+/g, 'N')}`}`;
      } catch {
        /* not a log record of the server's own: count the line as it is */
      }
      counts[msg] = (counts[msg] ?? 0) + 1;
    }
    return counts;
  }
}

async function run(moot: Moot, sources: MediaSources) {
  const roomId = await prepare(moot);
  const meeting: Meeting = { url: moot.url, roomId, sources, cameraNames: new Set(), maxTiles: 9, tileHeight: 240 };

  const janusPid = () => moot.janusPids()[0];
  const firstJanus = janusPid();
  if (firstJanus === undefined) throw new Error('no Janus process found');
  const serverPid = procStat(firstJanus)?.ppid;
  if (serverPid === undefined) throw new Error('no server process found');
  const janusPids = new Set<number>([firstJanus]);
  const handlesBefore = janusHandleThreads(firstJanus);
  const udpBefore = janusUdpSockets(firstJanus);
  const roomsBefore = await janusRooms(moot.janusWsPort, moot.dataDir);

  const sampler = new Sampler(() => serverPid, janusPid);
  const logs = new LogWatch(moot);
  let handlesPeak = 0;
  const watch = setInterval(() => {
    const pid = janusPid();
    if (pid !== undefined) {
      janusPids.add(pid);
      handlesPeak = Math.max(handlesPeak, janusHandleThreads(pid));
    }
    logs.scan();
  }, 10_000);
  const server = new CpuMeter(() => [serverPid]);
  const janus = new CpuMeter(() => [janusPid()].flatMap((p) => (p === undefined ? [] : [p])));
  const machine = new MachineMeter();
  for (const meter of [server, janus, machine]) meter.start();
  sampler.start();

  const seconds = minutes * 60;
  const endAt = performance.now() + seconds * 1000;
  const progress = setInterval(() => {
    const s = sampler.samples.at(-1);
    log(`${tally.joined}/${tally.joins} joined, ${tally.leaves} left, ${tally.drops} dropped, ${errors.length} errors; server ${s?.serverRssMb.toFixed(0)} MB, Janus ${s?.janusRssMb.toFixed(0)} MB, load ${s?.load}`);
  }, 60_000);
  log(`${participants} seats for ${minutes} min (${cameras} cameras, ${talkers} talking), stays of ${minStay}-${maxStay} s, ${dropPercent}% dropped`);
  // Seats start half a second apart, then each runs its own turns.
  await Promise.all(Array.from({ length: participants }, (_, slot) => sleep(slot * 500).then(() => seat(slot, meeting, endAt))));
  clearInterval(progress);
  const [serverUse, janusUse] = [server, janus].map((m) => m.stop()) as [ReturnType<CpuMeter['stop']>, ReturnType<CpuMeter['stop']>];
  const machineUse = machine.stop();
  sampler.stop();

  log(`everyone left; waiting ${graceSeconds + 5} s for the grace period of dropped seats`);
  await sleep((graceSeconds + 5) * 1000);
  clearInterval(watch);
  logs.scan();
  // Handles and sockets first: listing rooms opens a session of its own.
  const lastJanus = janusPid();
  const handlesAfter = lastJanus === undefined ? Number.NaN : janusHandleThreads(lastJanus);
  const udpAfter = lastJanus === undefined ? Number.NaN : janusUdpSockets(lastJanus);
  const rooms = await janusRooms(moot.janusWsPort, moot.dataDir);

  for (const e of errors.slice(0, 10)) log(`error ${e}`);
  for (const line of [...logs.errors].slice(0, 5)) log(`server error log ${line.slice(0, 400)}`);
  const warnings = logs.warningsByMessage();

  const warmup = warmupMinutes * 60;
  const growth = (field: 'serverRssMb' | 'janusRssMb') => {
    const atWarmup = sampler.median(field, warmup, warmup + MEMORY_WINDOW_S);
    const atEnd = sampler.median(field, seconds - MEMORY_WINDOW_S, seconds + 1);
    return { atWarmup: round(atWarmup), atEnd: round(atEnd), growthPct: round((100 * (atEnd - atWarmup)) / atWarmup, 2) };
  };
  const serverRss = growth('serverRssMb');
  const janusRss = growth('janusRssMb');
  const perMinute = (field: 'serverRssMb' | 'janusRssMb') =>
    Array.from({ length: Math.ceil(minutes) }, (_, m) => round(sampler.median(field, m * 60, (m + 1) * 60)));
  return {
    minutes,
    warmupMinutes,
    participants,
    cameras,
    talkers,
    ...tally,
    chatAndMuteMessages: tally.chats + tally.mutes,
    serverRssMbAfterWarmup: serverRss.atWarmup,
    serverRssMbAtEnd: serverRss.atEnd,
    serverRssGrowthPct: serverRss.growthPct,
    janusRssMbAfterWarmup: janusRss.atWarmup,
    janusRssMbAtEnd: janusRss.atEnd,
    janusRssGrowthPct: janusRss.growthPct,
    serverRssMbPeak: round(serverUse.rssMb),
    janusRssMbPeak: round(janusUse.rssMb),
    serverCpuPct: round(serverUse.cpuPct),
    janusCpuPct: round(janusUse.cpuPct),
    machineCpuPct: round(machineUse.busyPct),
    cores: machineUse.cores,
    loadAverage: round(sampler.median('load', 0, seconds + 1), 2),
    generatorRssMbAtEnd: round(procStat(process.pid)?.rssMb ?? Number.NaN),
    participantErrors: errors.length,
    serverErrorLogLines: logs.errors.size,
    serverWarningLogLines: logs.warnings.size,
    serverWarnings: warnings,
    janusRestarts: janusPids.size - 1,
    videoRoomsBefore: roomsBefore.videoRooms,
    audioRoomsBefore: roomsBefore.audioRooms,
    videoRoomsLeft: rooms.videoRooms,
    audioRoomsLeft: rooms.audioRooms,
    janusHandlesBefore: handlesBefore,
    janusHandlesPeak: handlesPeak,
    janusHandlesLeft: handlesAfter,
    janusUdpSocketsBefore: udpBefore,
    janusUdpSocketsLeft: udpAfter,
    serverRssMbPerMinute: perMinute('serverRssMb'),
    janusRssMbPerMinute: perMinute('janusRssMb'),
  };
}

// Each seat holds up to three PeerConnections, each one Janus port, and a dropped seat keeps
// its ports for the grace period beside its successor's.
runAgainstServer('soak', { rtpPortCount: Math.max(300, participants * 12 + 100), participantTimeoutSeconds: graceSeconds }, run);
