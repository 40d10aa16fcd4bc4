// Speaker view and device switching in a meeting of three real Chromium pages, media through the
// real Janus: in speaker view the large tile is received at a higher simulcast layer than the
// filmstrip's small tiles (the `view` report follows the layout), and a microphone switched in
// Settings keeps the person's voice in the others' mix, keeps the mute state and is remembered
// for the next pre-join screen.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, participantId, signIn, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { inboundRtp, setMic, waitForMicIcon } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  room = await addRoom(moot, alice, 'Speaker view', 'link');
});

interface ShownVideo {
  participantId: string;
  trackId: string;
  /** Height of the tile (figure) in CSS pixels. */
  tileHeight: number;
}

/** The remote camera videos inside `region`, with their tracks and tile heights. */
function remoteVideosIn(region: Locator): Promise<ShownVideo[]> {
  return region.locator('video[data-participant-id][data-source="camera"]').evaluateAll((videos) =>
    videos.flatMap((video) => {
      const track = (video as HTMLVideoElement).srcObject instanceof MediaStream ? ((video as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0] : undefined;
      const participantId = (video as HTMLElement).dataset.participantId;
      return track && participantId ? [{ participantId, trackId: track.id, tileHeight: video.closest('figure')?.clientHeight ?? 0 }] : [];
    }),
  );
}

/** The device the page's live microphone sender uses now (null while it sends nothing). */
function sentMicrophone(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __testPeerConnections?: RTCPeerConnection[] }).__testPeerConnections ?? [];
    for (const pc of pcs) {
      if (pc.signalingState === 'closed') continue;
      for (const sender of pc.getSenders()) {
        if (sender.track?.kind === 'audio' && sender.track.readyState === 'live') return sender.track.getSettings().deviceId ?? null;
      }
    }
    return null;
  });
}

/** Waits until the page's microphone sender uses `deviceId`. */
async function waitForSentMicrophone(page: Page, deviceId: string): Promise<void> {
  let last: string | null = null;
  await waitFor(
    async () => {
      last = await sentMicrophone(page);
      return last === deviceId;
    },
    { timeoutMs: 15_000, message: `the audio sender to use microphone ${deviceId}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message} (it uses ${last})`);
  });
}

/** Opens Settings, picks microphone `deviceId` and closes the dialog again. */
async function chooseMicrophone(page: Page, deviceId: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('combobox', { name: 'Microphone' }).selectOption(deviceId);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('speaker view: the large tile at a higher layer than the filmstrip; a new microphone keeps reaching the others', { timeout: 240_000 }, async (t) => {
  const a = await browsers.newParticipant('Alice (member, 1280×800)');
  await signIn(a.page, moot.url, alice.email, alice.password);
  await joinAsMember(a.page, moot.url, room.id);
  const b = await browsers.newParticipant('Bob (guest)');
  await joinAsGuest(b.page, moot.url, room.id, 'Bob Guest');
  const c = await browsers.newParticipant('Carol (guest)');
  await joinAsGuest(c.page, moot.url, room.id, 'Carol Guest');
  const ids = { alice: await participantId(a.page, 'Alice Owner'), bob: await participantId(a.page, 'Bob Guest'), carol: await participantId(a.page, 'Carol Guest') };
  for (const id of [ids.bob, ids.carol]) await waitForMediaFrom(a.page, id, 'video');

  // Only Alice talks from here on: Bob and Carol keep their last lastSpokeAt, so the large tile
  // on Alice's page settles on one of them and stays.
  await setMic(b.page, false);
  await setMic(c.page, false);
  for (const id of [ids.bob, ids.carol]) await waitForMicIcon(a.page, id, 'Microphone muted');

  await a.page.getByRole('button', { name: 'Speaker view', exact: true }).click();
  await a.page.getByRole('button', { name: 'Grid view', exact: true }).waitFor();
  const spotlight = a.page.getByRole('region', { name: 'Active speaker' });
  const filmstrip = a.page.getByRole('region', { name: 'Filmstrip' });

  // The same moment's stats for both tiles, both decoding, the large one received taller.
  let previous = new Map<string, number>();
  let last: unknown;
  const seen = await waitFor(
    async () => {
      const [large] = await remoteVideosIn(spotlight);
      const [small] = await remoteVideosIn(filmstrip);
      const stats = await inboundRtp(a.page);
      const statOf = (video: ShownVideo | undefined) => stats.find((s) => s.kind === 'video' && s.trackId === video?.trackId);
      const largeStat = statOf(large);
      const smallStat = statOf(small);
      const decoding = (stat: typeof largeStat) => stat !== undefined && stat.framesDecoded > (previous.get(stat.key) ?? Infinity);
      const ok = large && small && largeStat && smallStat && decoding(largeStat) && decoding(smallStat) && largeStat.frameHeight > smallStat.frameHeight;
      previous = new Map(stats.map((s) => [s.key, s.framesDecoded]));
      last = { large, small, largeHeight: largeStat?.frameHeight, smallHeight: smallStat?.frameHeight };
      return ok ? { large, small, largeHeight: largeStat.frameHeight, smallHeight: smallStat.frameHeight } : null;
    },
    { timeoutMs: 40_000, intervalMs: 500, message: 'the large tile received at a greater frameHeight than the filmstrip tile' },
  ).catch((error: Error) => {
    throw new Error(`${error.message} (last: ${JSON.stringify(last)})`);
  });
  assert.notEqual(seen.large.participantId, seen.small.participantId);
  assert.ok(seen.large.tileHeight > seen.small.tileHeight, `the large tile is taller: ${JSON.stringify(seen)}`);
  t.diagnostic(`large tile ${seen.large.tileHeight}px received at ${seen.largeHeight} lines; filmstrip tile ${seen.small.tileHeight}px at ${seen.smallHeight}`);

  // Alice talks alone and the others hear her; then she moves to another microphone.
  await waitForMix(b.page, 'sound');
  await waitForMix(c.page, 'sound');
  await a.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const microphone = a.page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Microphone' });
  // The list fills in once the browser has enumerated the devices.
  const others = await waitFor(
    async () => {
      const options = await microphone.locator('option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
      const current = await microphone.inputValue();
      const rest = options.filter((value) => value !== '' && value !== current);
      return current !== '' && rest.length >= 2 ? rest : null;
    },
    { timeoutMs: 10_000, message: 'the Microphone select to list two microphones besides the one in use' },
  );
  await a.page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Done' }).click();
  const [second, third] = others as [string, string];

  await chooseMicrophone(a.page, second);
  await waitForSentMicrophone(a.page, second);
  await a.page.getByRole('button', { name: 'Mute microphone', exact: true }).waitFor();
  await waitForMix(b.page, 'sound');
  await waitForMix(c.page, 'sound');

  // Switching while muted keeps her muted; unmuting then sends the new microphone.
  await setMic(a.page, false);
  await waitForMix(b.page, 'silence');
  await chooseMicrophone(a.page, third);
  await a.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor();
  await waitForMicIcon(b.page, ids.alice, 'Microphone muted');
  await waitForMix(b.page, 'silence');
  await setMic(a.page, true);
  await waitForSentMicrophone(a.page, third);
  await waitForMix(b.page, 'sound');
  await waitForMix(c.page, 'sound');

  // The choice is remembered: the next pre-join screen opens the same microphone.
  await a.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await a.page.goto(`${moot.url}/r/${room.id}`);
  await waitFor(async () => (await a.page.getByRole('combobox', { name: 'Microphone' }).inputValue()) === third, {
    timeoutMs: 15_000,
    message: `the pre-join screen's microphone to be ${third}`,
  });
});
