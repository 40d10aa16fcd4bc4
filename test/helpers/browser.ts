import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { OutputBuffer, registerDiagnostics } from './diagnostics.ts';
import { waitFor } from './wait.ts';

/** Every name resolves to nothing but 127.0.0.1 and the names given, which point there too. */
const hostRules = (names: string[]) => `--host-resolver-rules=${names.map((n) => `MAP ${n} 127.0.0.1 , `).join('')}MAP * ~NOTFOUND , EXCLUDE 127.0.0.1`;

export const chromiumArgs = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  hostRules([]),
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Background pages must keep decoding media (several participants share one browser).
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Keeps every RTCPeerConnection the page creates in a list, so the test can read
 * getStats() without hooks in the product; `__testOpenStats()` gives each open one with its
 * statistics now (none in a browser without WebRTC).
 */
export const recordPeerConnections = `(() => {
  if (window.__testPeerConnections) return;
  const list = [];
  Object.defineProperty(window, '__testPeerConnections', { value: list });
  Object.defineProperty(window, '__testOpenStats', {
    value: async () => {
      const open = [];
      for (const [pcIndex, pc] of list.entries()) {
        if (pc.signalingState === 'closed') continue;
        // A connection closing meanwhile has no statistics any more: it is left out.
        const report = await pc.getStats().catch(() => null);
        if (report) open.push({ pcIndex, pc, report });
      }
      return open;
    },
  });
  const Original = window.RTCPeerConnection;
  if (!Original) return;
  class Recorded extends Original {
    constructor(...args) { super(...args); list.push(this); }
  }
  window.RTCPeerConnection = Recorded;
})();`;

/** In a page (see recordPeerConnections): each open PeerConnection, its index in creation order and its statistics now. */
export type OpenStats = () => Promise<{ pcIndex: number; pc: RTCPeerConnection; report: RTCStatsReport }[]>;

/** What the statistics helpers need of a page: the same in Chromium and in Firefox. */
export interface StatsPage {
  url(): string;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * A page in either browser (Chromium through Playwright, Firefox through Puppeteer), driven by
 * ARIA roles and exact accessible names as a person finds things.
 */
export interface TestPage extends StatsPage {
  goto(url: string): Promise<void>;
  click(role: AriaRole, name: string): Promise<void>;
  fill(textboxName: string, value: string): Promise<void>;
  /** Waits until the element is visible. */
  waitFor(role: AriaRole, name: string, timeoutMs?: number): Promise<void>;
  text(role: AriaRole, name: string): Promise<string>;
}

export type AriaRole = Parameters<Page['getByRole']>[0];

export function chromiumPage(page: Page): TestPage {
  const find = (role: AriaRole, name: string) => page.getByRole(role, { name, exact: true });
  return {
    url: () => page.url(),
    // Playwright types the argument as it arrives in the page; plain values arrive unchanged.
    evaluate: (fn, arg) => page.evaluate(fn, arg as never),
    goto: async (url) => void (await page.goto(url)),
    click: (role, name) => find(role, name).click(),
    fill: (textboxName, value) => find('textbox', textboxName).fill(value),
    waitFor: (role, name, timeoutMs) => find(role, name).waitFor({ state: 'visible', timeout: timeoutMs }),
    text: async (role, name) => (await find(role, name).textContent()) ?? '',
  };
}

const asTestPage = (page: Page | TestPage): TestPage => ('getByRole' in page ? chromiumPage(page) : page);

export interface Participant {
  context: BrowserContext;
  page: Page;
  console: OutputBuffer;
  close(): Promise<void>;
}

/**
 * One Chromium; each participant gets its own context (a separate, fresh profile). `origins`
 * (`http://<an organization's domain>:<port>`) are served by the test server: Chromium resolves
 * their names to 127.0.0.1, so traffic stays there, and treats them as secure, as 127.0.0.1 is.
 */
export class Browsers {
  private browser: Browser | undefined;

  constructor(private origins: string[] = []) {}
  /** Each open page's context, with what takes its console out of the failure diagnostics. */
  private contexts = new Map<BrowserContext, () => void>();

  async launch(): Promise<void> {
    const args = this.origins.length
      ? [
          ...chromiumArgs.filter((a) => !a.startsWith('--host-resolver-rules=')),
          hostRules(this.origins.map((o) => new URL(o).hostname)),
          `--unsafely-treat-insecure-origin-as-secure=${this.origins.join(',')}`,
        ]
      : chromiumArgs;
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args, headless: true });
  }

  async newParticipant(label: string, options: BrowserContextOptions = {}): Promise<Participant> {
    if (!this.browser) await this.launch();
    if (this.contexts.size >= 3) throw new Error('at most 3 Chromium pages may be alive at once');
    const context = await this.browser!.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    await context.addInitScript(recordPeerConnections);
    const page = await context.newPage();
    const consoleOutput = new OutputBuffer(200_000);
    page.on('console', (m) => consoleOutput.push(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => consoleOutput.push(`[${new Date().toISOString()}] pageerror: ${e.stack ?? e.message}\n`));
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) consoleOutput.push(`[${new Date().toISOString()}] navigated: ${f.url()}\n`);
    });
    const unregister = registerDiagnostics(`browser console: ${label}`, () => consoleOutput.text(20_000));
    this.contexts.set(context, unregister);
    page.setDefaultTimeout(20_000);
    return {
      context,
      page,
      console: consoleOutput,
      close: async () => {
        unregister();
        this.contexts.delete(context);
        await context.close().catch(() => undefined);
      },
    };
  }

  /** Closes every page still open, e.g. those a failed test left behind, and keeps the browser. */
  async closePages(): Promise<void> {
    for (const [context, unregister] of this.contexts) {
      unregister();
      await context.close().catch(() => undefined);
    }
    this.contexts.clear();
  }

  async close(): Promise<void> {
    await this.closePages();
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
  }
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  const signInUrl = new URL(`${baseUrl}/signin`);
  await page.goto(signInUrl.href);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Compared with the whole path, so that an organization's /o/<slug>/signin waits for sign-in too.
  await waitFor(() => new URL(page.url()).pathname !== signInUrl.pathname, {
    timeoutMs: 15_000,
    message: `sign-in of ${email} to leave /signin`,
  });
}

/** The meeting is on screen once its "Leave" button is. */
export async function waitInMeeting(page: Page | TestPage): Promise<void> {
  await asTestPage(page).waitFor('button', 'Leave', 30_000);
}

export async function joinAsMember(page: Page, baseUrl: string, roomId: string): Promise<void> {
  await page.goto(`${baseUrl}/r/${roomId}`);
  await page.getByRole('button', { name: 'Join' }).click();
  await waitInMeeting(page);
}

/** A new page for a member, signed in and in the room's meeting. */
export async function memberInMeeting(
  browsers: Browsers,
  baseUrl: string,
  member: { email: string; password: string },
  roomId: string,
  label: string,
  options?: BrowserContextOptions,
): Promise<Participant> {
  const participant = await browsers.newParticipant(label, options);
  await signIn(participant.page, baseUrl, member.email, member.password);
  await joinAsMember(participant.page, baseUrl, roomId);
  return participant;
}

export async function joinAsGuest(
  anyPage: Page | TestPage,
  baseUrl: string,
  roomId: string,
  name: string,
  accessCode?: string,
  { expectMeeting = true } = {},
): Promise<void> {
  const page = asTestPage(anyPage);
  await page.goto(`${baseUrl}/r/${roomId}`);
  await page.fill('Your name', name);
  if (accessCode !== undefined) await page.fill('Access code', accessCode);
  await page.click('button', 'Join');
  if (expectMeeting) await waitInMeeting(page);
}

/** The participant id of the person named `name`, from the participant list. */
export async function participantId(page: Page, name: string): Promise<string> {
  const item = page.locator('ul[aria-label="Participants"] > li[data-participant-id]').filter({ hasText: name });
  return waitFor(
    async () => ((await item.count()) === 1 ? await item.getAttribute('data-participant-id') : null),
    { timeoutMs: 20_000, message: `participant "${name}" in the list` },
  );
}

export interface InboundStats {
  trackId: string;
  bytesReceived: number;
  packetsReceived: number;
  framesDecoded: number;
  /** connectionState of the PeerConnection that carries the track. */
  connectionState: string;
  /** Which PeerConnection (in order of creation on this page) carries the track. */
  pcIndex: number;
}

/**
 * Inbound RTP stats for the remote track shown for a participant: the <video>/<audio> element
 * with data-participant-id gives the track id; the stats come from whichever recorded
 * RTCPeerConnection has an inbound-rtp report with that trackIdentifier. Null when the element,
 * its track or the report is not there (yet).
 */
export async function inboundFor(page: StatsPage, id: string, kind: 'audio' | 'video'): Promise<InboundStats | null> {
  return page.evaluate(
    async ({ id, kind }) => {
      const sel = `[data-participant-id="${CSS.escape(id)}"]`;
      // The element of the asked kind first (the camera's video before a screen share's).
      const elements = [
        ...document.querySelectorAll(`${kind}${sel}:not([data-source="screen"])`),
        ...document.querySelectorAll(`${kind}${sel}`),
        ...document.querySelectorAll(`video${sel}, audio${sel}`),
      ] as HTMLMediaElement[];
      let trackId: string | undefined;
      for (const element of elements) {
        const stream = element.srcObject;
        if (!(stream instanceof MediaStream)) continue;
        const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
        if (track && track.readyState === 'live') {
          trackId = track.id;
          break;
        }
      }
      if (!trackId) return null;
      for (const { pcIndex, pc, report } of await (window as unknown as { __testOpenStats: OpenStats }).__testOpenStats()) {
        for (const stat of report.values()) {
          if (stat.type === 'inbound-rtp' && stat.kind === kind && stat.trackIdentifier === trackId) {
            return {
              trackId,
              bytesReceived: Number(stat.bytesReceived ?? 0),
              packetsReceived: Number(stat.packetsReceived ?? 0),
              framesDecoded: Number(stat.framesDecoded ?? 0),
              connectionState: pc.connectionState,
              pcIndex,
            };
          }
        }
      }
      return null;
    },
    { id, kind },
  );
}

/**
 * Waits until `page` receives `kind` media from participant `id`: bytes rising between two
 * reads (and, for video, frames decoded and rising). Returns the last reading. With
 * `newerThanPc`, only media on a PeerConnection created after that one counts (Janus names
 * its tracks janus0, janus1… so a new connection can reuse an old track id).
 */
export async function waitForMediaFrom(
  page: StatsPage,
  id: string,
  kind: 'audio' | 'video',
  { timeoutMs = 30_000, newerThanPc }: { timeoutMs?: number; newerThanPc?: number } = {},
): Promise<InboundStats> {
  let previous: InboundStats | null = null;
  return waitFor(
    async () => {
      const now = await inboundFor(page, id, kind);
      const before = previous;
      previous = now;
      if (!now || !before || now.trackId !== before.trackId || now.pcIndex !== before.pcIndex) return null;
      if (newerThanPc !== undefined && now.pcIndex <= newerThanPc) return null;
      const rising = now.bytesReceived > before.bytesReceived;
      const decoding = kind === 'audio' || (now.framesDecoded > 0 && now.framesDecoded > before.framesDecoded);
      return rising && decoding ? now : null;
    },
    { timeoutMs, intervalMs: 500, message: `${kind} from ${id} rising on ${page.url()} (last: ${JSON.stringify(previous)})` },
  );
}

/**
 * Waits until the bytes received for `kind` from `id` stop rising: two reads 1.5 s apart
 * give the same count.
 */
export async function waitForMediaToStop(page: StatsPage, id: string, kind: 'audio' | 'video', timeoutMs = 20_000): Promise<InboundStats> {
  let previous: InboundStats | null = null;
  return waitFor(
    async () => {
      const now = await inboundFor(page, id, kind);
      const before = previous;
      previous = now;
      if (before && !now) return before; // the track or its element went away: nothing arrives
      if (!now || !before || now.trackId !== before.trackId || now.pcIndex !== before.pcIndex) return null;
      return now.bytesReceived === before.bytesReceived ? now : null;
    },
    { timeoutMs, intervalMs: 1500, message: `${kind} from ${id} to stop arriving (last: ${JSON.stringify(previous)})` },
  );
}

export interface MixStats {
  trackId: string;
  bytesReceived: number;
  /** Sum over played samples of (level²·duration): grows with what is heard, ~0 for silence. */
  totalAudioEnergy: number;
  totalSamplesDuration: number;
  connectionState: string;
  pcIndex: number;
}

/**
 * Audio is mixed on the server: each page receives one mix of everyone else. This reads the
 * inbound-rtp stats of the received audio track that an <audio>/<video> element on the page
 * plays (any element: the mix belongs to no participant). Null when none is played yet.
 */
export async function inboundMix(page: StatsPage): Promise<MixStats | null> {
  return page.evaluate(async () => {
    const played = new Set<string>();
    for (const element of document.querySelectorAll('audio, video')) {
      const stream = (element as HTMLMediaElement).srcObject;
      if (stream instanceof MediaStream) for (const track of stream.getAudioTracks()) if (track.readyState === 'live') played.add(track.id);
    }
    let found: MixStats | null = null;
    for (const { pcIndex, pc, report } of await (window as unknown as { __testOpenStats: OpenStats }).__testOpenStats()) {
      for (const stat of report.values()) {
        if (stat.type === 'inbound-rtp' && stat.kind === 'audio' && played.has(stat.trackIdentifier)) {
          // The newest PeerConnection wins (after a media reset the old one may linger).
          found = {
            trackId: stat.trackIdentifier,
            bytesReceived: Number(stat.bytesReceived ?? 0),
            totalAudioEnergy: Number(stat.totalAudioEnergy ?? 0),
            totalSamplesDuration: Number(stat.totalSamplesDuration ?? 0),
            connectionState: pc.connectionState,
            pcIndex,
          };
        }
      }
    }
    return found;
  }, undefined);
}

/** Mean energy (level²) per second of audio above which the mix is "sound", below which "silence". */
export const SOUND_ENERGY_RATE = 1e-4;
export const SILENCE_ENERGY_RATE = 1e-6;

/**
 * Waits until the received mix carries sound (`want: 'sound'`) or silence (`want: 'silence'`),
 * judged over windows of at least `windowSeconds` of played audio (the fake microphone beeps
 * periodically, so a window must span more than one beep). Returns the energy rate seen.
 */
export async function waitForMix(
  page: StatsPage,
  want: 'sound' | 'silence',
  { timeoutMs = 30_000, windowSeconds = 2.5, newerThanPc }: { timeoutMs?: number; windowSeconds?: number; newerThanPc?: number } = {},
): Promise<number> {
  let start: MixStats | null = null;
  let lastRate: number | undefined;
  return waitFor(
    async () => {
      const now = await inboundMix(page);
      if (!now || (newerThanPc !== undefined && now.pcIndex <= newerThanPc)) {
        start = null;
        return null;
      }
      if (!start || start.trackId !== now.trackId || start.pcIndex !== now.pcIndex) {
        start = now;
        return null;
      }
      const seconds = now.totalSamplesDuration - start.totalSamplesDuration;
      if (seconds < windowSeconds) return null;
      if (now.bytesReceived <= start.bytesReceived) {
        start = now; // nothing arrives at all: neither sound nor the mixer's silence
        return null;
      }
      const rate = (now.totalAudioEnergy - start.totalAudioEnergy) / seconds;
      lastRate = rate;
      start = now; // slide the window
      if (want === 'sound' ? rate > SOUND_ENERGY_RATE : rate < SILENCE_ENERGY_RATE) return { rate };
      return null;
    },
    { timeoutMs, intervalMs: 250, message: `${want} in the received audio mix on ${page.url()} (last energy rate ${lastRate})` },
  ).then((r) => r.rate);
}
