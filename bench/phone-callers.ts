// N phone callers in one meeting through moot's SIP side: SIPp (Debian's sip-tester) places the
// calls, types the room's PIN as telephone-events and streams a tone as G.711; each caller's
// audio goes through moot's gateway into the meeting's AudioBridge mix and the mix comes back.
// Measures the CPU of the server and of Janus before the calls and with them, per caller.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addRoom, addUser } from '../test/helpers/fixtures.ts';
import { makeTempDir, startMoot } from '../test/helpers/moot.ts';
import { freePort, freeUdpRange } from '../test/helpers/ports.ts';
import { CpuMeter, MachineMeter, procStat } from './proc.ts';

const { values } = parseArgs({ options: { callers: { type: 'string', default: '20' }, seconds: { type: 'string', default: '30' } } });
const callers = Number(values.callers);
const seconds = Number(values.seconds);
const SCENARIO = fileURLToPath(new URL('../test/helpers/sipp/caller.xml', import.meta.url));
const log = (s: string) => process.stderr.write(`[phone-callers] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function tone(dir: string): void {
  // 5 s of a 440 Hz tone as 8 kHz μ-law WAV, generated with sox like the prompts.
  spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', join(dir, 'tone.wav'), 'synth', '5', 'sine', '440'], { stdio: 'ignore' });
}

async function sink(): Promise<{ socket: Socket; packets: () => number }> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, packets: () => count };
}

async function main(): Promise<void> {
  const sipPort = await freePort();
  const moot = await startMoot({
    logLevel: 'warn',
    env: {
      MOOT_SIP_LISTEN: `127.0.0.1:${sipPort}`,
      // SIPp calls from one address: as a listed trunk it is not held to open dial-in's ten calls per address.
      MOOT_SIP_ALLOW_FROM: '127.0.0.1',
      MOOT_SIP_RTP_PORTS: await freeUdpRange(2 * callers + 20),
      MOOT_JANUS_RTP_PORTS: await freeUdpRange(200),
    },
  });
  const sinks: Awaited<ReturnType<typeof sink>>[] = [];
  try {
    await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
    const owner = await addUser(moot, 'Bench Owner');
    const room = await addRoom(moot, owner, 'Phone bench', 'link');
    const shown = await moot.cli<{ dialIn: { pin: string } }>(['room', 'show', room.id, '--json']);
    const janusPid = moot.janusPids()[0]!;
    const serverPid = procStat(janusPid)!.ppid;

    const idleServer = new CpuMeter(() => [serverPid]);
    const idleJanus = new CpuMeter(() => [janusPid]);
    idleServer.start();
    idleJanus.start();
    await sleep(10_000);
    const idle = { server: idleServer.stop(), janus: idleJanus.stop() };

    const dir = makeTempDir('moot-phone-bench-');
    tone(dir);
    for (let i = 0; i < callers; i++) sinks.push(await sink());
    const lines = sinks.map((s, i) => `${shown.dialIn.pin}#;${s.socket.address().port};+1555000${String(i).padStart(4, '0')};`);
    writeFileSync(join(dir, 'calls.csv'), `SEQUENTIAL\n${lines.join('\n')}\n`);
    await sleep(500);
    log(`placing ${callers} calls`);
    const sipp = spawn(
      'sipp',
      ['-sf', SCENARIO, '-inf', join(dir, 'calls.csv'), '-m', String(callers), '-l', String(callers), '-r', '5', '-i', '127.0.0.1', '-mi', '127.0.0.1', '-p', String(await freePort()), '-mp', String(await freePort()), '-nostdin', '-timeout', `${seconds + 120}s`, `127.0.0.1:${sipPort}`],
      { cwd: dir, stdio: 'ignore' },
    );
    const sippPid = sipp.pid!;
    const started = performance.now();
    // Wait until every call is past the prompts: welcome, PIN, "you are in the meeting".
    await sleep(callers * 200 + 20_000);
    const server = new CpuMeter(() => [serverPid]);
    const janus = new CpuMeter(() => [janusPid]);
    const generator = new CpuMeter(() => [sippPid]);
    const machine = new MachineMeter();
    const before = sinks.map((s) => s.packets());
    for (const meter of [server, janus, generator, machine]) meter.start();
    await sleep(seconds * 1000);
    const busy = { server: server.stop(), janus: janus.stop(), generator: generator.stop(), machine: machine.stop() };
    const received = sinks.map((s, i) => s.packets() - before[i]!);
    const expected = seconds * 50;
    const hearing = received.filter((n) => n > expected * 0.9).length;
    sipp.kill('SIGKILL');
    const media = busy.server.cpuPct + busy.janus.cpuPct - idle.server.cpuPct - idle.janus.cpuPct;
    const result = {
      callers,
      seconds,
      callersHearingTheMix: hearing,
      meanPacketsPerCallerPerSecond: round(received.reduce((a, b) => a + b, 0) / callers / seconds),
      idleServerCpuPct: round(idle.server.cpuPct),
      idleJanusCpuPct: round(idle.janus.cpuPct),
      serverCpuPct: round(busy.server.cpuPct),
      janusCpuPct: round(busy.janus.cpuPct),
      cpuPctPerCaller: round(media / callers, 2),
      serverRssMb: round(busy.server.rssMb),
      janusRssMb: round(busy.janus.rssMb),
      sippCpuPct: round(busy.generator.cpuPct),
      machineBusyPct: round(busy.machine.busyPct),
      setupSeconds: round((performance.now() - started) / 1000 - seconds),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const s of sinks) s.socket.close();
    await moot.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
