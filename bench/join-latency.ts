// Join latency in real browsers: with two people already in a meeting (headless Chromium, fake
// camera and microphone), a third presses "Join" and we time until its first decoded remote
// video frame, and every step on the way (signaling, offers and answers, ICE, DTLS, first
// packet, first frame). Then the CPU and memory of the server and of Janus with three browser
// participants. Prints progress on stderr and one JSON object as the last stdout line.
//
//   npm run bench:join-latency -- [--trials 20] [--measure-seconds 20]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { Browsers, joinAsGuest, participantId, waitForMediaFrom, type Participant } from '../test/helpers/browser.ts';
import { addRoom, addUser } from '../test/helpers/fixtures.ts';
import { startMoot, type Moot } from '../test/helpers/moot.ts';
import { sleep } from '../test/helpers/wait.ts';
import { CpuMeter, MachineMeter, procStat } from './proc.ts';
import { percentile } from './receive.ts';

const log = (text: string) => process.stderr.write(`[join-latency] ${text}\n`);

/**
 * In the page, times in ms since the page's time origin, each recorded once (the first time):
 * - `click`: "Join" pressed; `gum:start` / `gum:end`: getUserMedia asked and answered;
 * - `ws:created`, `ws:open`; `send:<type>[:<source or target>]` and `recv:<type>[:<source>]`
 *   for every signaling message;
 * - per PeerConnection, labelled `audio`, `camera` (by its first transceiver) or `subscriber`
 *   (the one given an offer): `created`, `localSet`, `remoteSet`, `candidate` (first local
 *   candidate), `gathered`, `iceChecking`, `iceConnected`, `connected` (ICE and DTLS up), and
 *   from getStats every 10 ms `firstPacket` (first inbound RTP) and `firstFrame` (first decoded
 *   video frame, subscriber only);
 * - `longTasks`: ms of main-thread tasks over 50 ms between the two; `offers`: subscription
 *   offers received before the first frame.
 */
const recordJoinSteps = `(() => {
  const marks = {};
  Object.defineProperty(window, '__joinMarks', { value: marks });
  const mark = (name) => { if (marks[name] === undefined) marks[name] = performance.now(); };
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Join') mark('click');
  }, true);

  // Main-thread tasks over 50 ms between "Join" and the first frame: the page's own work delays
  // every message and callback behind it.
  marks.longTasks = 0;
  // Renegotiations of the receiving connection before its first frame: each one delays it.
  marks.offers = 0;
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      if (marks.click !== undefined && marks['subscriber:firstFrame'] === undefined && task.startTime >= marks.click) marks.longTasks += task.duration;
    }
  }).observe({ type: 'longtask' });

  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = (constraints) => {
    mark('gum:start');
    return getUserMedia(constraints).finally(() => mark('gum:end'));
  };

  const name = (m) => m.type + (m.source ? ':' + m.source : m.target ? ':' + m.target : '');
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      mark('ws:created');
      this.addEventListener('open', () => mark('ws:open'));
      this.addEventListener('message', (e) => {
        try {
          const message = JSON.parse(e.data);
          mark('recv:' + name(message));
          if (message.type === 'offer' && marks['subscriber:firstFrame'] === undefined) marks.offers += 1;
        } catch {}
      });
    }
    send(data) {
      try { mark('send:' + name(JSON.parse(data))); } catch {}
      return super.send(data);
    }
  };

  const connections = [];
  const Connection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Connection {
    constructor(...args) {
      super(...args);
      connections.push(this);
      const at = (step) => { if (this.__label) mark(this.__label + ':' + step); else (this.__early ??= []).push([step, performance.now()]); };
      at('created');
      this.__at = at;
      this.addEventListener('icecandidate', (e) => at(e.candidate ? 'candidate' : 'gathered'));
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'checking') at('iceChecking');
        if (this.iceConnectionState === 'connected') at('iceConnected');
      });
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') at('connected'); });
    }
    __name(label) {
      if (this.__label) return;
      this.__label = label;
      for (const [step, time] of this.__early ?? []) if (marks[label + ':' + step] === undefined) marks[label + ':' + step] = time;
    }
    addTransceiver(trackOrKind, init) {
      this.__name((typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind) === 'audio' ? 'audio' : 'camera');
      return super.addTransceiver(trackOrKind, init);
    }
    async setLocalDescription(...args) {
      const result = await super.setLocalDescription(...args);
      this.__at('localSet');
      return result;
    }
    async setRemoteDescription(description) {
      if (description && description.type === 'offer') this.__name('subscriber');
      const result = await super.setRemoteDescription(description);
      this.__at('remoteSet');
      return result;
    }
  };

  const poll = async () => {
    for (const pc of connections) {
      if (!pc.__label || pc.signalingState === 'closed') continue;
      const report = await pc.getStats().catch(() => null);
      for (const s of report ? report.values() : []) {
        if (s.type !== 'inbound-rtp') continue;
        if (s.packetsReceived > 0) pc.__at('firstPacket');
        if (s.kind === 'video' && s.framesDecoded > 0) pc.__at('firstFrame');
      }
    }
    if (marks['subscriber:firstFrame'] === undefined) setTimeout(poll, 10);
  };
  poll();
})();`;

type Marks = Record<string, number>;

const between = (marks: Marks, from: string | undefined, to: string) => (marks[to] ?? NaN) - (from === undefined ? 0 : (marks[from] ?? NaN));

/** The steps reported: the time between two marks of one trial, or a mark that is a duration. */
const STEPS: { step: string; from?: string; to: string }[] = [
  { step: 'getUserMedia (camera and microphone)', from: 'gum:start', to: 'gum:end' },
  { step: '"Join" → socket open', from: 'click', to: 'ws:open' },
  { step: 'join → joined (server: admission)', from: 'send:join', to: 'recv:joined' },
  { step: 'joined → camera offer sent (PeerConnection, createOffer)', from: 'recv:joined', to: 'send:publish:camera' },
  { step: 'camera: publish → answer (Janus attach, join, publish)', from: 'send:publish:camera', to: 'recv:answer:camera' },
  { step: 'audio: publish → answer (Janus attach, join, configure)', from: 'send:publish:audio', to: 'recv:answer:audio' },
  { step: 'join → subscription offer (Janus attach, join as subscriber)', from: 'send:join', to: 'recv:offer' },
  { step: 'subscription offer → answer sent (setRemote, createAnswer)', from: 'recv:offer', to: 'send:answer' },
  { step: 'subscriber: answer sent → ICE checking', from: 'send:answer', to: 'subscriber:iceChecking' },
  { step: 'subscriber: ICE checking → connected', from: 'subscriber:iceChecking', to: 'subscriber:iceConnected' },
  { step: 'subscriber: ICE connected → DTLS connected', from: 'subscriber:iceConnected', to: 'subscriber:connected' },
  { step: 'subscriber: connected → first video packet', from: 'subscriber:connected', to: 'subscriber:firstPacket' },
  { step: 'subscriber: first packet → first decoded frame', from: 'subscriber:firstPacket', to: 'subscriber:firstFrame' },
  { step: 'camera: answer → connected (ICE, DTLS)', from: 'recv:answer:camera', to: 'camera:connected' },
  { step: 'audio: answer → connected (ICE, DTLS)', from: 'recv:answer:audio', to: 'audio:connected' },
  { step: '"Join" → first mix packet', from: 'click', to: 'audio:firstPacket' },
  { step: '"Join" → first decoded remote video frame', from: 'click', to: 'subscriber:firstFrame' },
  { step: 'of which the page was busy (tasks over 50 ms)', to: 'longTasks' },
];

async function joinMarks(browsers: Browsers, url: string, roomId: string, trial: number): Promise<Marks> {
  const person = await browsers.newParticipant(`trial ${trial}`);
  try {
    await person.context.addInitScript(recordJoinSteps);
    await joinAsGuest(person.page, url, roomId, `Trial ${trial}`);
    const page: Page = person.page;
    await page.waitForFunction(() => (window as unknown as { __joinMarks: Marks }).__joinMarks['subscriber:firstFrame'] !== undefined, null, {
      timeout: 30_000,
    });
    // The mix may arrive after the first frame: give it a moment to be recorded too.
    await page.waitForFunction(() => (window as unknown as { __joinMarks: Marks }).__joinMarks['audio:firstPacket'] !== undefined, null, {
      timeout: 5_000,
    }).catch(() => undefined);
    const marks = await page.evaluate(() => ({ ...(window as unknown as { __joinMarks: Marks }).__joinMarks }));
    await page.getByRole('button', { name: 'Leave' }).click();
    return marks;
  } finally {
    await person.close();
  }
}

/** The machine's 1, 5 and 15 minute load averages: other work on the same cores slows joins. */
function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** CPU and memory of the server and of Janus while a third browser stays in with the two. */
async function threeBrowserCost(browsers: Browsers, moot: Moot, roomId: string, seconds: number) {
  const third = await browsers.newParticipant('Cid');
  await joinAsGuest(third.page, moot.url, roomId, 'Cid');
  await waitForMediaFrom(third.page, await participantId(third.page, 'Ann'), 'video');
  await sleep(3000);
  const janusPid = moot.janusPids()[0];
  const serverPid = janusPid === undefined ? undefined : procStat(janusPid)?.ppid;
  if (janusPid === undefined || serverPid === undefined) throw new Error('server or Janus process not found');
  const server = new CpuMeter(() => [serverPid]);
  const janus = new CpuMeter(() => [janusPid]);
  const machine = new MachineMeter();
  log(`three participants in: measuring for ${seconds} s`);
  for (const m of [server, janus, machine]) m.start();
  await sleep(seconds * 1000);
  return { server: server.stop(), janus: janus.stop(), machine: machine.stop() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '20' }, 'measure-seconds': { type: 'string', default: '20' } } });
  const trials = Number(values.trials);
  const measureSeconds = Number(values['measure-seconds']);
  if (!Number.isInteger(trials) || trials < 1) throw new Error('--trials must be a positive whole number');
  if (!Number.isFinite(measureSeconds) || measureSeconds < 0) throw new Error('--measure-seconds must be a number of seconds');
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

    const runs: Marks[] = [];
    const loads: string[] = [];
    for (let trial = 1; trial <= trials; trial++) {
      loads.push(loadAverage());
      const marks = await joinMarks(browsers, moot.url, room.id, trial);
      const total = between(marks, 'click', 'subscriber:firstFrame');
      log(`trial ${trial}: ${Math.round(total)} ms from "Join" to the first decoded remote video frame, ${marks.offers} offer(s) (load ${loads.at(-1)})`);
      runs.push(marks);
      await sleep(2000);
    }
    const steps = STEPS.map(({ step, from, to }) => {
      const samples = runs.map((m) => between(m, from, to)).filter(Number.isFinite);
      return { step, samples: samples.length, p50: Math.round(percentile(samples, 50)), p95: Math.round(percentile(samples, 95)) };
    });
    for (const s of steps) log(`${s.step.padEnd(66)} p50 ${String(s.p50).padStart(5)}  p95 ${String(s.p95).padStart(5)}  (${s.samples})`);
    const totals = runs.map((m) => between(m, 'click', 'subscriber:firstFrame'));

    const round = (n: number) => Math.round(n * 10) / 10;
    const cost = measureSeconds > 0 ? await threeBrowserCost(browsers, moot, room.id, measureSeconds) : null;
    process.stdout.write(
      `${JSON.stringify({
        trials: totals.map(Math.round),
        joinToFirstFrameP50Ms: Math.round(percentile(totals, 50)),
        joinToFirstFrameP95Ms: Math.round(percentile(totals, 95)),
        joinToFirstFrameWorstMs: Math.round(Math.max(...totals)),
        offersBeforeFirstFrame: runs.map((m) => m.offers),
        steps: steps.map(({ step, p50, p95 }) => ({ step, p50, p95 })),
        loadAverages: loads,
        threeBrowsers: cost && {
          serverCpuPct: round(cost.server.cpuPct),
          janusCpuPct: round(cost.janus.cpuPct),
          serverRssMb: round(cost.server.rssMb),
          janusRssMb: round(cost.janus.rssMb),
          machineCpuPct: round(cost.machine.busyPct),
          cores: cost.machine.cores,
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
