import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { recordPeerConnections, type AriaRole, type TestPage } from './browser.ts';
import { OutputBuffer, registerDiagnostics } from './diagnostics.ts';

/**
 * Firefox's counterpart of the Chromium flags in browser.ts: fake devices, host candidates on
 * loopback, and no connection to anything but 127.0.0.1.
 */
export const firefoxPrefs: Record<string, unknown> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Without a granted camera and microphone Firefox offers only its default route's address,
  // and there is none where lo is the only interface.
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.peerconnection.ice.loopback': true,
  'media.autoplay.default': 0,
  // Every name and address but localhost resolves to 127.0.0.1 (Chromium: --host-resolver-rules),
  // so whatever Firefox still fetches in the background stays on this machine.
  'network.dns.forceResolve': '127.0.0.1',
  'network.dns.disableIPv6': true,
  'network.trr.mode': 5,
  // Background services that would call out on start-up.
  'network.connectivity-service.enabled': false,
  'network.captive-portal-service.enabled': false,
  'dom.push.connection.enabled': false,
  'browser.region.update.enabled': false,
  'browser.region.network.url': '',
  'messaging-system.rsexperimentloader.enabled': false,
  'extensions.blocklist.enabled': false,
  'app.update.auto': false,
};

/** Puppeteer's ARIA query: the element of this role and exact accessible name. */
const aria = (role: AriaRole, name: string) => `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`;

function firefoxPage(page: Page): TestPage {
  return {
    url: () => page.url(),
    // Puppeteer types the argument as it arrives in the page; plain values arrive unchanged.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>,
    goto: async (url) => void (await page.goto(url)),
    click: (role, name) => page.locator(aria(role, name)).click(),
    fill: (textboxName, value) => page.locator(aria('textbox', textboxName)).fill(value),
    waitFor: async (role, name, timeoutMs) => {
      await page.locator(aria(role, name)).setVisibility('visible').setTimeout(timeoutMs ?? page.getDefaultTimeout()).wait();
    },
    text: (role, name) => page.locator(aria(role, name)).map((element) => element.textContent ?? '').wait(),
  };
}

export interface FirefoxParticipant {
  page: TestPage;
  console: OutputBuffer;
  close(): Promise<void>;
}

/** One Firefox ESR over WebDriver BiDi; each participant gets its own user context (cookies apart). */
export class Firefox {
  private browser: Promise<Browser> | undefined;

  /** `prefs`: more preferences over `firefoxPrefs` (Tor Browser's, for one). */
  constructor(private prefs: Record<string, unknown> = {}) {}

  async newParticipant(label: string): Promise<FirefoxParticipant> {
    this.browser ??= puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: '/usr/bin/firefox-esr',
      headless: true,
      defaultViewport: { width: 1280, height: 800 },
      extraPrefsFirefox: { ...firefoxPrefs, ...this.prefs },
    });
    const context = await (await this.browser).createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(recordPeerConnections);
    page.setDefaultTimeout(20_000);
    const consoleOutput = new OutputBuffer(200_000);
    const stamp = () => new Date().toISOString();
    page.on('console', (m) => consoleOutput.push(`[${stamp()}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => consoleOutput.push(`[${stamp()}] pageerror: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) consoleOutput.push(`[${stamp()}] navigated: ${f.url()}\n`);
    });
    const unregister = registerDiagnostics(`browser console: ${label}`, () => consoleOutput.text(20_000));
    return {
      page: firefoxPage(page),
      console: consoleOutput,
      close: async () => {
        unregister();
        await context.close().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
    this.browser = undefined;
  }
}
