// Join latency in real browsers: with two people already in a meeting (headless Chromium, fake
// camera and microphone), a third presses "Join" and we time until its first decoded remote
// video frame; five times. Then the CPU and memory of the server and of Janus with three
// browser participants. Prints progress on stderr and one JSON object as the last stdout line.
import type { Page } from 'playwright-core';
import { Browsers, joinAsGuest, participantId, waitForMediaFrom, type Participant } from '../test/helpers/browser.ts';
import { addRoom, addUser } from '../test/helpers/fixtures.ts';
import { startMoot } from '../test/helpers/moot.ts';
import { sleep } from '../test/helpers/wait.ts';
import { CpuMeter, MachineMeter, procStat } from './proc.ts';
import { percentile } from './receive.ts';

const TRIALS = 5;
const MEASURE_SECONDS = 20;
const log = (text: string) => process.stderr.write(`[join-latency] ${text}\n`);

/**
 * In the page: remember when "Join" is pressed, then poll every PeerConnection the page made
 * (recorded by the test helper's init script) until one reports a decoded video frame.
 */
const watchFirstFrame = `(() => {
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Join' && window.__joinAt === undefined) window.__joinAt = performance.now();
  }, true);
  const poll = async () => {
    for (const pc of window.__testPeerConnections ?? []) {
      if (pc.signalingState === 'closed') continue;
      const report = await pc.getStats().catch(() => null);
      for (const s of report?.values() ?? []) {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) {
          window.__firstFrameAt = performance.now();
          return;
        }
      }
    }
    setTimeout(poll, 10);
  };
  poll();
})();`;

async function joinMs(browsers: Browsers, url: string, roomId: string, trial: number): Promise<number> {
  const person = await browsers.newParticipant(`trial ${trial}`);
  try {
    await person.context.addInitScript(watchFirstFrame);
    await joinAsGuest(person.page, url, roomId, `Trial ${trial}`);
    const page: Page = person.page;
    await page.waitForFunction(() => (window as unknown as { __firstFrameAt?: number }).__firstFrameAt !== undefined, null, { timeout: 30_000 });
    const times = await page.evaluate(() => {
      const w = window as unknown as { __joinAt: number; __firstFrameAt: number };
      return w.__firstFrameAt - w.__joinAt;
    });
    await page.getByRole('button', { name: 'Leave' }).click();
    return times;
  } finally {
    await person.close();
  }
}

async function main(): Promise<void> {
  const moot = await startMoot();
  const browsers = new Browsers();
  try {
    await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
    const owner = await addUser(moot, 'Bench Owner');
    const room = await addRoom(moot, owner, 'Join latency', 'link');
    const resident: Participant[] = [];
    for (const name of ['Ann', 'Ben']) {
      const p = await browsers.newParticipant(name);
      await joinAsGuest(p.page, moot.url, room.id, name);
      resident.push(p);
    }
    const ann = resident[0]!;
    const ben = resident[1]!;
    await waitForMediaFrom(ann.page, await participantId(ann.page, 'Ben'), 'video');
    await waitForMediaFrom(ben.page, await participantId(ben.page, 'Ann'), 'video');
    log('two participants in, media flowing');

    const samples: number[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const ms = await joinMs(browsers, moot.url, room.id, trial);
      log(`trial ${trial}: ${Math.round(ms)} ms from "Join" to the first decoded remote video frame`);
      samples.push(ms);
      await sleep(2000);
    }

    const third = await browsers.newParticipant('Cid');
    await joinAsGuest(third.page, moot.url, room.id, 'Cid');
    await waitForMediaFrom(third.page, await participantId(third.page, 'Ann'), 'video');
    await sleep(3000);
    const janusPid = moot.janusPids()[0];
    const serverPid = janusPid === undefined ? undefined : procStat(janusPid)?.ppid;
    if (janusPid === undefined || serverPid === undefined) throw new Error('server or Janus process not found');
    const server = new CpuMeter(() => [serverPid]);
    const janus = new CpuMeter(() => [janusPid]);
    const machine = new MachineMeter();
    log(`three participants in: measuring for ${MEASURE_SECONDS} s`);
    for (const m of [server, janus, machine]) m.start();
    await sleep(MEASURE_SECONDS * 1000);
    const [serverUse, janusUse] = [server.stop(), janus.stop()];
    const machineUse = machine.stop();

    const round = (n: number) => Math.round(n * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({
        trials: samples.map(Math.round),
        joinToFirstFrameMedianMs: Math.round(percentile(samples, 50)),
        joinToFirstFrameWorstMs: Math.round(Math.max(...samples)),
        threeBrowsers: {
          serverCpuPct: round(serverUse.cpuPct),
          janusCpuPct: round(janusUse.cpuPct),
          serverRssMb: round(serverUse.rssMb),
          janusRssMb: round(janusUse.rssMb),
          machineCpuPct: round(machineUse.busyPct),
          cores: machineUse.cores,
        },
      })}\n`,
    );
  } finally {
    await browsers.close();
    await moot.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[join-latency] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
