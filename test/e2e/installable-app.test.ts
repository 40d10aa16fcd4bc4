// moot as an installed app in Chromium: its manifest, the service worker that keeps the app
// shell (and nothing else) so the page opens without a network, and a meeting that works the
// same where service workers are off, as in Tor Browser.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, signIn, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { chooseFromMore } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Installed', bob: 'Bob Installed' }, { name: 'Pocket room', owner: 'alice' });

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose: string;
}

/** The PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** The service worker controlling the page, once there is one. */
async function controllingWorker(page: Page): Promise<string> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first load is not controlled until the worker claims it; clients.claim() does that.
  return waitFor(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeoutMs: 15_000, message: 'a service worker to control the page' });
}

test('the manifest is linked, served and makes the site installable: standalone, theme colour, icons of 192 and 512 pixels, maskable ones too', { timeout: 90_000 }, async () => {
  const p = await browsers.newParticipant('manifest');
  try {
    await p.page.goto(`${cast.moot.url}/signin`);
    await p.page.getByRole('button', { name: 'Sign in' }).waitFor();
    const cdp = await p.context.newCDPSession(p.page);
    const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
    assert.equal(url, `${cast.moot.url}/manifest.webmanifest`);
    assert.deepEqual(errors, [], 'Chromium reads the manifest without errors');
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // Each test context is a fresh private profile, which Chromium never installs apps from: that one is the browser's, not the site's.
    assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), [], 'Chromium finds nothing in the site keeping it from being installed');

    const response = await fetch(url);
    assert.equal(response.headers.get('content-type'), 'application/manifest+json');
    const manifest = (await response.json()) as { display: string; start_url: string; theme_color: string; icons: ManifestIcon[] };
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    assert.deepEqual(pngs.map((icon) => `${icon.purpose} ${icon.sizes}`).sort(), ['any 192x192', 'any 512x512', 'maskable 192x192', 'maskable 512x512']);
    for (const icon of pngs) {
      const file = await fetch(`${cast.moot.url}${icon.src}`);
      assert.equal(file.status, 200, icon.src);
      assert.equal(pngSize(Buffer.from(await file.arrayBuffer())), icon.sizes, `${icon.src} is as large as the manifest says`);
    }
  } finally {
    await p.close();
  }
});

test('the service worker keeps the app shell only, and the page opens from it without a network', { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('offline');
  try {
    await signIn(p.page, cast.moot.url, cast.alice.email, cast.alice.password);
    await p.page.getByRole('heading', { name: 'Your rooms' }).waitFor();
    assert.equal(await controllingWorker(p.page), `${cast.moot.url}/sw.js`);
    // API answers pass by the worker: one was fetched while it controlled the page.
    assert.equal(await p.page.evaluate(() => fetch('/api/health').then((r) => r.status)), 200);
    await p.page.reload();
    await p.page.getByRole('heading', { name: 'Your rooms' }).waitFor();

    const kept = await p.page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      return paths;
    });
    const entry = await p.page.evaluate(() => new URL(document.querySelector<HTMLScriptElement>('script[type=module]')!.src).pathname);
    for (const path of ['/index.html', entry, '/manifest.webmanifest', '/icons/icon-192.png']) assert.ok(kept.includes(path), `${path} is kept: ${kept.join(', ')}`);
    assert.deepEqual(kept.filter((path) => !/^\/(index\.html|manifest\.webmanifest|assets\/[\w.-]+\.(js|css)|icons\/[\w.-]+\.(png|svg))$/.test(path)), [], 'nothing but the shell is kept');

    await p.context.setOffline(true);
    const worker = p.context.serviceWorkers()[0];
    assert.ok(worker, 'the worker is known to the browser');
    assert.equal(await worker.evaluate(() => fetch('/index.html').then(() => 'reached', () => 'offline')), 'offline', 'the worker itself has no network either');

    const shown = await p.page.goto(`${cast.moot.url}/r/${cast.room.id}`);
    assert.ok(shown?.fromServiceWorker(), 'the page came from the service worker');
    assert.equal(shown?.status(), 200);
    // The kept script runs: the app draws itself, and its API call fails as it must offline.
    await waitFor(() => p.page.evaluate(() => (document.getElementById('app')?.childElementCount ?? 0) > 0), { message: 'the app to render offline' });
    assert.equal(await p.page.evaluate(() => fetch('/api/health').then(() => 'answered', () => 'failed')), 'failed', 'an API answer is never served from the cache');
  } finally {
    await p.context.setOffline(false).catch(() => undefined);
    await p.close();
  }
});

test('with service workers off, two members meet and each receives the other\'s video and the audio mix; the active speaker floats in picture-in-picture', { timeout: 180_000 }, async () => {
  const a = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice', { serviceWorkers: 'block' });
  const b = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob', { serviceWorkers: 'block' });
  try {
    for (const page of [a.page, b.page]) {
      assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null, 'no service worker controls the page');
      assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations())?.length ?? 0), 0);
    }
    const aliceId = await participantId(b.page, 'Alice Installed');
    const bobId = await participantId(a.page, 'Bob Installed');
    await waitForMediaFrom(a.page, bobId, 'video');
    await waitForMediaFrom(b.page, aliceId, 'video');
    await waitForMix(a.page, 'sound');
    await waitForMix(b.page, 'sound');
    // The lock screen's controls are offered with the room's name.
    assert.equal(await a.page.evaluate(() => navigator.mediaSession.metadata?.title), 'Pocket room');
    // Picture-in-picture floats the other person's video, the only one speaking to Alice.
    await chooseFromMore(a.page, 'Picture in picture');
    const floating = await waitFor(() => a.page.evaluate(() => document.pictureInPictureElement?.getAttribute('data-participant-id') ?? null), { message: 'a video in picture-in-picture' });
    assert.equal(floating, bobId);
    await a.page.getByRole('button', { name: 'More', exact: true }).click();
    await a.page.getByRole('button', { name: 'Close picture in picture', exact: true }).click();
    await waitFor(() => a.page.evaluate(() => document.pictureInPictureElement === null), { message: 'picture-in-picture to close' });
  } finally {
    await a.close();
    await b.close();
  }
});
