// Recordings of meetings where not everyone sends everything, in real Chromium pages through the
// real Janus: a person muted from before the start to the end, a person whose camera is never
// on, a person who leaves halfway, a camera turned off for a while, and a meeting whose only
// picture is a shared screen. Each becomes one playable WebM with an audio and a video stream:
// what was sent is heard and seen, what was not leaves silence or black, never a failed recording.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsMember, participantId, signIn, waitForMediaFrom, waitForMix, type Browsers, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, type TestUser } from '../helpers/fixtures.ts';
import { setMic } from '../helpers/meeting-ui.ts';
import { makeTempDir, type Moot } from '../helpers/moot.ts';
import { inspectMedia, processed, record, type MediaReport } from '../helpers/recordings.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const scratch = makeTempDir('moot-recording-partial-');
const suite = serverWithBrowsers({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  bob = await addUser(moot, 'Bob Member');
  carol = await addUser(moot, 'Carol Member');
});

/** A member on the pre-join screen with the microphone and camera as asked, then in the meeting. */
async function enter(
  browsers: Browsers,
  member: TestUser,
  roomId: string,
  { mic = true, camera = true }: { mic?: boolean; camera?: boolean } = {},
): Promise<Participant> {
  const participant = await browsers.newParticipant(member.name);
  const { page } = participant;
  await signIn(page, moot.url, member.email, member.password);
  if (mic && camera) {
    await joinAsMember(page, moot.url, roomId);
    return participant;
  }
  await page.goto(`${moot.url}/r/${roomId}`);
  if (!mic) await page.getByRole('button', { name: 'Mute microphone', exact: true }).click();
  if (!camera) await page.getByRole('button', { name: 'Stop camera', exact: true }).click();
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor({ state: 'visible', timeout: 30_000 });
  if (!mic) await page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor({ timeout: 10_000 });
  return participant;
}

/** Records from Alice's page, waits for processing and returns what ffmpeg finds in the exported file. */
async function recordAndInspect(
  roomUrl: string,
  moderator: Page,
  watchers: Page[],
  during?: () => Promise<void>,
): Promise<{ media: MediaReport; recordedS: number }> {
  const recordedS = await record(moderator, watchers, during);
  const listed = await processed(moot, roomUrl);
  assert.equal(listed.state, 'ready', `processing failed: ${JSON.stringify(listed)}`);
  const file = join(scratch, `${listed.id}.webm`);
  await moot.cli(['recording', 'export', listed.id, file, '--json']);
  const media = inspectMedia(file);
  assert.deepEqual([...media.kinds].sort(), ['audio', 'video'], `one audio and one video stream: ${media.kinds.join(', ')}`);
  assert.ok(Math.abs(media.durationS - recordedS) < 2, `duration ${media.durationS}s, recorded for about ${recordedS.toFixed(1)}s`);
  return { media, recordedS };
}

/** The fake microphone's beeps reach the file well above digital silence (-91 dBFS). */
const HEARD_DB = -40;

async function closeAll(people: Participant[]): Promise<void> {
  for (const p of people) await p.close();
}

test('a meeting recorded while one of three people stays muted throughout is ready, with the others heard and seen', { timeout: 300_000 }, async () => {
  const room = await addRoom(moot, alice, 'Training with a muted listener');
  const aliceTab = await enter(browsers, alice, room.id);
  const bobTab = await enter(browsers, bob, room.id);
  const carolTab = await enter(browsers, carol, room.id, { mic: false });
  try {
    await waitForMediaFrom(carolTab.page, await participantId(carolTab.page, 'Alice Owner'), 'video');
    await waitForMediaFrom(aliceTab.page, await participantId(aliceTab.page, 'Bob Member'), 'video');
    const { media } = await recordAndInspect(room.url, aliceTab.page, [bobTab.page, carolTab.page]);
    assert.ok(media.maxVolumeDb > HEARD_DB, `the unmuted people are heard: loudest ${media.maxVolumeDb} dBFS`);
    assert.ok(media.pictureShare > 0.8, `a camera is on screen (${(media.pictureShare * 100).toFixed(0)}% of frames not black)`);
    // Still muted at the end: nothing of Carol's microphone went out.
    assert.ok(await carolTab.page.getByRole('button', { name: 'Unmute microphone', exact: true }).isVisible());
  } finally {
    await closeAll([aliceTab, bobTab, carolTab]);
  }
});

test('a meeting recorded with a person whose camera is never on is ready, with the other camera seen', { timeout: 300_000 }, async () => {
  const room = await addRoom(moot, alice, 'Meeting with a camera-less member');
  const aliceTab = await enter(browsers, alice, room.id);
  const bobTab = await enter(browsers, bob, room.id, { camera: false });
  try {
    await waitForMediaFrom(bobTab.page, await participantId(bobTab.page, 'Alice Owner'), 'video');
    await waitForMix(aliceTab.page, 'sound');
    const { media } = await recordAndInspect(room.url, aliceTab.page, [bobTab.page]);
    assert.ok(media.maxVolumeDb > HEARD_DB, `both are heard: loudest ${media.maxVolumeDb} dBFS`);
    assert.ok(media.pictureShare > 0.8, `Alice's camera is on screen (${(media.pictureShare * 100).toFixed(0)}% of frames not black)`);
  } finally {
    await closeAll([aliceTab, bobTab]);
  }
});

test('a meeting recorded while a person leaves halfway is ready and runs to the stop', { timeout: 300_000 }, async () => {
  const room = await addRoom(moot, alice, 'Meeting someone leaves');
  const aliceTab = await enter(browsers, alice, room.id);
  const bobTab = await enter(browsers, bob, room.id);
  try {
    const bobId = await participantId(aliceTab.page, 'Bob Member');
    await waitForMediaFrom(aliceTab.page, bobId, 'video');
    await waitForMediaFrom(bobTab.page, await participantId(bobTab.page, 'Alice Owner'), 'video');
    const { media } = await recordAndInspect(room.url, aliceTab.page, [bobTab.page], async () => {
      // Bob stays past the recording notice, then leaves halfway.
      await bobTab.page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
      await sleep(3000);
      await bobTab.page.getByRole('button', { name: 'Leave', exact: true }).click();
      await waitFor(async () => (await aliceTab.page.locator(`ul[aria-label="Participants"] > li[data-participant-id="${bobId}"]`).count()) === 0, {
        timeoutMs: 15_000,
        message: 'Bob to leave the participant list',
      });
      await sleep(3000);
    });
    assert.ok(media.maxVolumeDb > HEARD_DB, `heard: loudest ${media.maxVolumeDb} dBFS`);
    assert.ok(media.pictureShare > 0.8, `a camera is on screen before and after (${(media.pictureShare * 100).toFixed(0)}% of frames not black)`);
  } finally {
    await closeAll([aliceTab, bobTab]);
  }
});

test('while the only camera is turned off midway, the recording shows black rather than its last frame', { timeout: 300_000 }, async () => {
  const room = await addRoom(moot, alice, 'Meeting with a camera break');
  const aliceTab = await enter(browsers, alice, room.id, { camera: false });
  const bobTab = await enter(browsers, bob, room.id);
  try {
    await waitForMediaFrom(aliceTab.page, await participantId(aliceTab.page, 'Bob Member'), 'video');
    const { media, recordedS } = await recordAndInspect(room.url, aliceTab.page, [bobTab.page], async () => {
      await bobTab.page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
      await sleep(3000);
      await bobTab.page.getByRole('button', { name: 'Stop camera', exact: true }).click();
      await sleep(4000);
      await bobTab.page.getByRole('button', { name: 'Start camera', exact: true }).click();
      await bobTab.page.getByRole('button', { name: 'Stop camera', exact: true }).waitFor();
      await sleep(3000);
    });
    const blackS = (1 - media.pictureShare) * media.durationS;
    assert.ok(blackS > 2, `black while the camera was off: ${blackS.toFixed(1)}s of ${recordedS.toFixed(1)}s`);
    assert.ok(media.pictureShare > 0.4, `Bob's camera before and after the break: ${(media.pictureShare * 100).toFixed(0)}% of frames`);
  } finally {
    await closeAll([aliceTab, bobTab]);
  }
});

test('a meeting recorded with a shared screen and no camera at all is ready, with the screen seen', { timeout: 300_000 }, async () => {
  const room = await addRoom(moot, alice, 'Screen-only presentation');
  const aliceTab = await enter(browsers, alice, room.id, { camera: false });
  const bobTab = await enter(browsers, bob, room.id, { camera: false, mic: false });
  try {
    const share = aliceTab.page.getByRole('button', { name: 'Share screen', exact: true });
    if (!(await share.isVisible())) await aliceTab.page.getByRole('button', { name: 'More', exact: true }).click();
    await share.click();
    await aliceTab.page.getByRole('button', { name: 'Stop sharing', exact: true }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await bobTab.page.locator('video[data-source="screen"]').count()) > 0, { timeoutMs: 20_000, message: "Alice's screen on Bob's page" });
    await waitForMediaFrom(bobTab.page, await participantId(bobTab.page, 'Alice Owner'), 'video');
    await setMic(aliceTab.page, true);
    const { media } = await recordAndInspect(room.url, aliceTab.page, [bobTab.page]);
    assert.ok(media.maxVolumeDb > HEARD_DB, `Alice is heard: loudest ${media.maxVolumeDb} dBFS`);
    assert.ok(media.pictureShare > 0.8, `the shared screen is on screen (${(media.pictureShare * 100).toFixed(0)}% of frames not black)`);
  } finally {
    await closeAll([aliceTab, bobTab]);
  }
});
