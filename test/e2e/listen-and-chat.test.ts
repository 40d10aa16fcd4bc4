// "Listen and chat": a Firefox ESR with Tor Browser's preferences (no WebRTC, no devices, no
// service workers) opens a room, reads that it cannot take part in calls, chooses "Listen and
// chat", hears a Chromium member's tone through the HTTP stream (an AnalyserNode on its page
// finds the pitch of what its <audio> plays) and the silence once the member mutes, and chats with that member, who sees them in the
// participant list as listening, with their raised hand.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { joinAsMember, participantId, signIn, type TestPage } from '../helpers/browser.ts';
import { Firefox } from '../helpers/firefox.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { participantItem } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { toneMicrophone } from '../helpers/tone.ts';
import { waitFor } from '../helpers/wait.ts';

/** Tor Browser's media and worker settings. */
const torBrowserPrefs = {
  'media.peerconnection.enabled': false,
  'media.navigator.enabled': false,
  'dom.serviceWorkers.enabled': false,
  // This machine has no sound device: Firefox's mock audio backend lets the page play and analyse.
  'media.cubeb.force_mock_context': true,
};

/** The Chromium member's microphone plays this tone (a fake device beeps, which is harder to find). */
const TONE_HZ = 660;

let moot: Moot;
let alice: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const firefox = new Firefox(torBrowserPrefs);
after(() => firefox.close());

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  room = await addRoom(moot, alice, 'Talk with Tor listeners', 'link');
});

/** The strongest frequency in what the page's <audio> plays, over about a second (0 while silent, below -90 dB). */
function playedPeakHz(page: TestPage): Promise<number> {
  return page.evaluate(async () => {
    const audio = document.querySelector('audio')!;
    const w = window as unknown as { __listenAnalyser?: { context: AudioContext; analyser: AnalyserNode } };
    if (!w.__listenAnalyser) {
      // An element can feed one source node only: made once, kept for every later look.
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      // Smoothing blends each reading with the one before, however long ago: with one reading
      // per look, a tone would fade by 2 dB a look and still be "heard" a minute after it ended.
      analyser.smoothingTimeConstant = 0;
      const source = context.createMediaElementSource(audio);
      source.connect(analyser);
      analyser.connect(context.destination);
      w.__listenAnalyser = { context, analyser };
    }
    const { context, analyser } = w.__listenAnalyser;
    await context.resume();
    await new Promise((r) => setTimeout(r, 1200));
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    return bins[best]! > -90 ? (best * context.sampleRate) / analyser.fftSize : 0;
  }, undefined);
}

async function bodyText(page: TestPage): Promise<string> {
  return page.evaluate(() => document.body.innerText, undefined);
}

async function expectChatText(page: TestPage, text: string): Promise<void> {
  await waitFor(async () => (await page.text('log', 'Chat')).includes(text), { timeoutMs: 15_000, message: `chat "${text}" on ${page.url()}` });
}

test('a browser with Tor Browser’s settings listens to a Chromium member’s tone until the member mutes, chats both ways and raises a hand the member sees', { timeout: 240_000 }, async (t) => {
  const member = await browsers.newParticipant('Alice (Chromium, member, 660 Hz tone)');
  await member.context.addInitScript(toneMicrophone(TONE_HZ));
  await signIn(member.page, moot.url, alice.email, alice.password);
  await joinAsMember(member.page, moot.url, room.id);

  const tor = await firefox.newParticipant('Tom (Firefox with Tor Browser settings)');
  const page = tor.page;
  await page.goto(`${moot.url}/r/${room.id}`);
  assert.equal(await page.evaluate(() => typeof RTCPeerConnection, undefined), 'undefined', 'this Firefox has no WebRTC');
  await page.waitFor('button', 'Listen and chat');
  assert.match(await bodyText(page), /This browser cannot send or receive calls/);
  await page.fill('Your name', 'Tom Tor');
  await page.click('button', 'Listen and chat');
  await page.waitFor('button', 'Raise hand', 30_000);

  // The member's tone reaches the listener through Janus's mix, ffmpeg and the HTTP stream.
  const listeningAt = Date.now();
  let heard = 0;
  await waitFor(
    async () => {
      heard = await playedPeakHz(page);
      return Math.abs(heard - TONE_HZ) < 20;
    },
    { timeoutMs: 60_000, intervalMs: 500, message: `the ${TONE_HZ} Hz tone in what the listener's <audio> plays` },
  );
  t.diagnostic(`the listener's page hears a peak at ${heard.toFixed(1)} Hz, ${Date.now() - listeningAt} ms after entering`);

  // The member mutes: their page stops sending, and the listener's page falls silent.
  await member.page.getByRole('button', { name: 'Mute microphone' }).click();
  const mutedAt = Date.now();
  await waitFor(async () => (heard = await playedPeakHz(page)) === 0, {
    timeoutMs: 15_000,
    intervalMs: 500,
    message: "silence in what the listener's <audio> plays after the member muted",
  });
  t.diagnostic(`the listener's page is silent ${Date.now() - mutedAt} ms after the member muted`);
  await member.page.getByRole('button', { name: 'Unmute microphone' }).click();

  // Chat both ways.
  await page.fill('Message', 'Hello from Tor');
  await page.click('button', 'Send');
  await expectChatText(page, 'Hello from Tor');
  const alicePage = member.page;
  await waitFor(async () => (await alicePage.getByRole('log', { name: 'Chat' }).textContent())?.includes('Hello from Tor') ?? false, {
    timeoutMs: 15_000,
    message: 'the listener’s message on the member’s page',
  });
  await alicePage.getByRole('textbox', { name: 'Message' }).fill('Welcome, listener');
  await alicePage.getByRole('button', { name: 'Send' }).click();
  await expectChatText(page, 'Welcome, listener');

  // The member sees the listener as listening, and their hand once raised.
  const tomId = await participantId(alicePage, 'Tom Tor');
  const tom = participantItem(alicePage, tomId);
  assert.match((await tom.textContent()) ?? '', /listening/);
  await page.click('button', 'Raise hand');
  await page.waitFor('button', 'Lower hand');
  await waitFor(async () => (await tom.getByRole('img', { name: 'Hand raised, number 1' }).count()) === 1, {
    timeoutMs: 15_000,
    message: 'the listener’s raised hand in the member’s list',
  });
});
