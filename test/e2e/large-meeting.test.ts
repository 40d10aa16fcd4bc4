// Three people in real Chromium pages, media through the real Janus, checking what keeps a
// larger meeting cheap: audio arrives as one server-side mix per person (whatever the number
// of speakers), each camera tile gets the simulcast layer its size needs, and "Audio only"
// stops video from arriving at all.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, participantId, signIn, waitForMediaFrom, waitForMix, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import {
  chooseFromMore,
  inboundRtp,
  sentCameraLayers,
  setMic,
  tileHeight,
  waitForMicIcon,
  waitForReceivedHeight,
  type RtpStat,
} from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

const DESKTOP = { width: 1920, height: 1080 };
const SMALL_WINDOW = { width: 420, height: 300 };

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  room = await addRoom(moot, alice, 'Large meeting', 'link');
});

interface Person {
  name: string;
  page: Page;
  id: string;
}

let meeting: Promise<Person[]> | undefined;

/** One meeting of three, shared by the tests below: Alice (member, large screen), two guests. */
function meetingOfThree(): Promise<Person[]> {
  meeting ??= (async () => {
    const aliceTab: Participant = await browsers.newParticipant('Alice (member, 1920×1080)', { viewport: DESKTOP });
    await signIn(aliceTab.page, moot.url, alice.email, alice.password);
    await joinAsMember(aliceTab.page, moot.url, room.id);
    const bobTab: Participant = await browsers.newParticipant('Bob (guest)');
    await joinAsGuest(bobTab.page, moot.url, room.id, 'Bob Guest');
    const carolTab: Participant = await browsers.newParticipant('Carol (guest)');
    await joinAsGuest(carolTab.page, moot.url, room.id, 'Carol Guest');
    const people: Person[] = [];
    for (const [name, page] of [
      ['Alice Owner', aliceTab.page],
      ['Bob Guest', bobTab.page],
      ['Carol Guest', carolTab.page],
    ] as const) {
      people.push({ name, page, id: await participantId(aliceTab.page, name) });
    }
    return people;
  })();
  return meeting;
}

/**
 * Waits until some inbound audio on the page has rising bytes between two reads a second
 * apart, and returns every inbound audio report of all its PeerConnections at that moment.
 */
async function receivedAudio(page: Page, who: string): Promise<{ all: RtpStat[]; rising: RtpStat[] }> {
  let previous: RtpStat[] | null = null;
  return waitFor(
    async () => {
      const now = (await inboundRtp(page)).filter((s) => s.kind === 'audio');
      const before = previous;
      previous = now;
      if (!before) return null;
      const rising = now.filter((s) => {
        const earlier = before.find((e) => e.key === s.key);
        return earlier !== undefined && s.bytesReceived > earlier.bytesReceived;
      });
      return rising.length > 0 ? { all: now, rising } : null;
    },
    { timeoutMs: 30_000, intervalMs: 1000, message: `audio arriving at ${who}` },
  );
}

/** Waits until no inbound video on the page gains bytes between two reads 2 s apart. */
async function videoStopsArriving(page: Page, who: string): Promise<void> {
  let previous: RtpStat[] | null = null;
  let lastRising: string[] = [];
  await waitFor(
    async () => {
      const now = (await inboundRtp(page)).filter((s) => s.kind === 'video');
      const before = previous;
      previous = now;
      if (!before) return null;
      lastRising = now
        .filter((s) => s.bytesReceived > (before.find((e) => e.key === s.key)?.bytesReceived ?? 0))
        .map((s) => `${s.key} ${s.bytesReceived}`);
      return lastRising.length === 0;
    },
    { timeoutMs: 20_000, intervalMs: 2000, message: `video to stop arriving at ${who}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; still rising: ${lastRising.join(', ')}`);
  });
}

test('mixed audio: each person receives one stream, hears whoever speaks, and silence when the others are muted', { timeout: 150_000 }, async (t) => {
  const people = await meetingOfThree();

  const first = await Promise.all(people.map((p) => receivedAudio(p.page, p.name)));
  for (const [i, person] of people.entries()) {
    const { all, rising } = first[i]!;
    t.diagnostic(`${person.name}: ${JSON.stringify(all)}`);
    assert.equal(rising.length, 1, `${person.name} receives exactly one audio stream: ${JSON.stringify(all)}`);
    assert.equal(all.length, 1, `${person.name} has exactly one inbound audio stream on all its PeerConnections: ${JSON.stringify(all)}`);
  }

  // Every microphone open: everyone hears the others.
  await Promise.all(people.map((p) => waitForMix(p.page, 'sound')));

  // One open microphone at a time: the two others hear it; the speaker, whose others are all
  // muted, receives silence.
  for (const speaker of people) {
    for (const person of people) await setMic(person.page, person === speaker);
    for (const viewer of people) {
      for (const person of people) {
        if (person !== viewer) await waitForMicIcon(viewer.page, person.id, person === speaker ? 'Microphone on' : 'Microphone muted');
      }
    }
    const rates = await Promise.all(people.map((p) => waitForMix(p.page, p === speaker ? 'silence' : 'sound')));
    t.diagnostic(`${speaker.name} alone speaks: energy rates ${people.map((p, i) => `${p.name} ${rates[i]!.toExponential(1)}`).join(', ')}`);
    const received = await Promise.all(people.map((p) => receivedAudio(p.page, p.name)));
    for (const [i, person] of people.entries()) {
      const { all } = received[i]!;
      assert.equal(all.length, 1, `${person.name} still receives one mix while ${speaker.name} speaks: ${JSON.stringify(all)}`);
    }
  }

  // Everyone muted: nobody hears anything.
  await setMic(people[2]!.page, false);
  await Promise.all(people.map((p) => waitForMix(p.page, 'silence')));
  for (const person of people) await setMic(person.page, true);
});

test('simulcast: a large tile receives the top layer, a small one a lower layer, and back', { timeout: 120_000 }, async (t) => {
  const [aliceTab, bobTab] = await meetingOfThree();
  const viewer = aliceTab!;
  const sender = bobTab!;
  await viewer.page.setViewportSize(DESKTOP);
  await waitForMediaFrom(viewer.page, sender.id, 'video');

  const large = await waitFor(async () => {
    const h = await tileHeight(viewer.page, sender.id);
    return h > 270 ? h : null;
  }, { message: `${sender.name}'s tile on ${viewer.name}'s 1920×1080 page taller than 270 px` });

  const layersNow = await sentCameraLayers(sender.page);
  assert.deepEqual(Object.keys(layersNow).sort(), ['h', 'l', 'm'], `the camera sends three simulcast layers: ${JSON.stringify(layersNow)}`);

  const top = await waitForReceivedHeight(
    viewer.page,
    sender.page,
    sender.id,
    (height, layers) => layers.h !== undefined && layers.m !== undefined && layers.h.frameHeight > layers.m.frameHeight && height === layers.h.frameHeight,
    `${viewer.name} receives ${sender.name}'s top layer in a ${large}px tile`,
  );

  // A small landscape window: three tiles in two columns, each about 110 px tall (a portrait
  // phone stacks them in one column at full height instead).
  await viewer.page.setViewportSize(SMALL_WINDOW);
  const small = await waitFor(async () => {
    const h = await tileHeight(viewer.page, sender.id);
    return h > 0 && h <= 135 ? h : null;
  }, { message: `${sender.name}'s tile at most 135 px tall on a ${SMALL_WINDOW.width}×${SMALL_WINDOW.height} page` });

  const lowered = await waitForReceivedHeight(
    viewer.page,
    sender.page,
    sender.id,
    (height, layers) => layers.l !== undefined && height === layers.l.frameHeight && height < (layers.h?.frameHeight ?? 0),
    `${viewer.name} receives ${sender.name}'s lowest layer in a ${small}px tile`,
  );
  assert.ok(lowered.height < top.height, `the received height fell: ${top.height} → ${lowered.height}`);
  t.diagnostic(`tile ${large}px: received ${top.height} lines; tile ${small}px: received ${lowered.height} lines (sent layers ${JSON.stringify(lowered.layers)})`);
  // The layer was lowered for the tile's size, not for congestion: no "Lower quality" notice.
  assert.equal(await viewer.page.getByText('Lower quality', { exact: true }).count(), 0);

  // Large again: back to the top layer.
  await viewer.page.setViewportSize(DESKTOP);
  await waitForReceivedHeight(
    viewer.page,
    sender.page,
    sender.id,
    (height, layers) => layers.h !== undefined && layers.m !== undefined && layers.h.frameHeight > layers.m.frameHeight && height === layers.h.frameHeight,
    `${viewer.name} receives ${sender.name}'s top layer again after the page grew`,
  );
});

test('audio only stops video from arriving and keeps the sound; "Show video" brings it back', { timeout: 120_000 }, async () => {
  const [aliceTab, bobTab, carolTab] = await meetingOfThree();
  const viewer = aliceTab!;
  for (const sender of [bobTab!, carolTab!]) await waitForMediaFrom(viewer.page, sender.id, 'video');

  await chooseFromMore(viewer.page, 'Audio only');
  await videoStopsArriving(viewer.page, viewer.name);
  await waitFor(async () => (await viewer.page.locator('video[data-participant-id]').count()) === 0, {
    message: 'no remote video shown in audio-only mode',
  });
  // The others' cameras still reach each other.
  await waitForMediaFrom(bobTab!.page, carolTab!.id, 'video');
  // Sound keeps coming: one mix, with the others' voices in it.
  const { all } = await receivedAudio(viewer.page, viewer.name);
  assert.equal(all.length, 1);
  await waitForMix(viewer.page, 'sound');

  await chooseFromMore(viewer.page, 'Show video');
  for (const sender of [bobTab!, carolTab!]) await waitForMediaFrom(viewer.page, sender.id, 'video');
});

test('simulcast: a tile that shrinks because the window got shorter (same width) gets a lower layer', { timeout: 90_000 }, async (t) => {
  const [aliceTab, bobTab] = await meetingOfThree();
  const viewer = aliceTab!;
  const sender = bobTab!;
  try {
    await viewer.page.setViewportSize(DESKTOP);
    await waitForReceivedHeight(
      viewer.page,
      sender.page,
      sender.id,
      (height, layers) => layers.h !== undefined && height === layers.h.frameHeight,
      `${viewer.name} receives ${sender.name}'s top layer at 1920×1080`,
    );
    // Only the height changes: the rows must fit, so the tiles get smaller.
    await viewer.page.setViewportSize({ width: DESKTOP.width, height: 500 });
    const shorter = await waitFor(async () => {
      const h = await tileHeight(viewer.page, sender.id);
      return h > 135 && h <= 270 ? h : null;
    }, { message: `${sender.name}'s tile between 136 and 270 px tall on a 1920×500 page` });
    const lowered = await waitForReceivedHeight(
      viewer.page,
      sender.page,
      sender.id,
      (height, layers) => layers.m !== undefined && height === layers.m.frameHeight && height < (layers.h?.frameHeight ?? 0),
      `${viewer.name} receives ${sender.name}'s middle layer in a ${shorter}px tile after the window got shorter`,
      20_000,
    );
    t.diagnostic(`tile ${shorter}px after a height-only resize: received ${lowered.height} lines`);
  } finally {
    await viewer.page.setViewportSize(DESKTOP);
  }
});

test('speaker view: the speaker large at the top layer, the filmstrip at the lowest', { timeout: 90_000 }, async (t) => {
  const [aliceTab, bobTab, carolTab] = await meetingOfThree();
  const viewer = aliceTab!;
  const speaker = bobTab!;
  const quiet = carolTab!;
  try {
    await viewer.page.setViewportSize(DESKTOP);
    // Only Bob talks, so he is the latest speaker.
    await setMic(viewer.page, false);
    await setMic(quiet.page, false);
    await waitForMicIcon(viewer.page, quiet.id, 'Microphone muted');
    await waitForMix(viewer.page, 'sound');

    await viewer.page.getByRole('button', { name: 'Speaker view', exact: true }).click();
    const spotlight = viewer.page.getByRole('region', { name: 'Active speaker' });
    const filmstrip = viewer.page.getByRole('region', { name: 'Filmstrip' });
    await spotlight.locator(`video[data-participant-id="${speaker.id}"]`).waitFor({ timeout: 15_000 });
    await filmstrip.locator(`video[data-participant-id="${quiet.id}"]`).waitFor({ timeout: 15_000 });
    const [largeTile, smallTile] = [await tileHeight(viewer.page, speaker.id), await tileHeight(viewer.page, quiet.id)];
    assert.ok(largeTile > 270 && smallTile > 0 && smallTile <= 135, `tile heights: speaker ${largeTile}px, filmstrip ${smallTile}px`);

    const top = await waitForReceivedHeight(
      viewer.page,
      speaker.page,
      speaker.id,
      (height, layers) => layers.h !== undefined && layers.m !== undefined && layers.h.frameHeight > layers.m.frameHeight && height === layers.h.frameHeight,
      `${viewer.name} receives the speaker ${speaker.name}'s top layer in a ${largeTile}px tile`,
    );
    const low = await waitForReceivedHeight(
      viewer.page,
      quiet.page,
      quiet.id,
      (height, layers) => layers.l !== undefined && height === layers.l.frameHeight && height < (layers.m?.frameHeight ?? 0),
      `${viewer.name} receives ${quiet.name}'s lowest layer in a ${smallTile}px filmstrip tile`,
    );
    t.diagnostic(`speaker ${largeTile}px tile: ${top.height} lines; filmstrip ${smallTile}px tile: ${low.height} lines`);
  } finally {
    await viewer.page.getByRole('button', { name: 'Grid view', exact: true }).click().catch(() => undefined);
    await setMic(viewer.page, true).catch(() => undefined);
    await setMic(quiet.page, true).catch(() => undefined);
  }
});
