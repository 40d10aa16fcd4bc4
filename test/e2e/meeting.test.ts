// Three people in one meeting in real Chromium pages (fake camera and microphone), media through
// the real Janus: everyone sees everyone's video and hears everyone in the server's audio mix,
// a muted microphone leaves the mix, chat reaches all as plain text.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, memberInMeeting, type Participant, participantId, waitForMediaFrom, waitForMix } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { endMeetingForAll } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  bob = await addUser(moot, 'Bob Member');
  room = await addRoom(moot, alice, 'Team meeting', 'link');
});

const chatLog = (page: Page) => page.getByRole('log', { name: 'Chat' });

async function sendChat(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function expectChatText(page: Page, text: string) {
  await waitFor(async () => ((await chatLog(page).textContent()) ?? '').includes(text), {
    timeoutMs: 15_000,
    message: `chat "${text}" on ${page.url()}`,
  });
}

function participantItem(page: Page, id: string) {
  return page.locator(`ul[aria-label="Participants"] > li[data-participant-id="${id}"]`);
}

test('three participants: media both ways, mute, chat as plain text, late joiner sees earlier chat', { timeout: 300_000 }, async () => {
  const aliceTab = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (member, owner)');
  const bobTab = await memberInMeeting(browsers, moot.url, bob, room.id, 'Bob (member)');

  // Chat before the guest arrives; the markup must show as text.
  const markup = '<b>x</b>';
  await sendChat(aliceTab.page, markup);
  for (const p of [aliceTab.page, bobTab.page]) {
    await expectChatText(p, markup);
    assert.equal(await chatLog(p).locator('b').count(), 0, 'chat text is not rendered as HTML');
  }

  const c: Participant = await browsers.newParticipant('Carol (guest)');
  await joinAsGuest(c.page, moot.url, room.id, 'Carol Guest');
  await expectChatText(c.page, markup);
  assert.equal(await chatLog(c.page).locator('b').count(), 0);

  const pages = { alice: aliceTab.page, bob: bobTab.page, carol: c.page };
  const ids = {
    alice: await participantId(aliceTab.page, 'Alice Owner'),
    bob: await participantId(aliceTab.page, 'Bob Member'),
    carol: await participantId(aliceTab.page, 'Carol Guest'),
  };
  assert.equal(new Set(Object.values(ids)).size, 3);
  for (const p of Object.values(pages)) {
    for (const [who, id] of Object.entries(ids)) {
      assert.equal(await participantId(p, who === 'alice' ? 'Alice Owner' : who === 'bob' ? 'Bob Member' : 'Carol Guest'), id);
    }
  }

  // Everyone receives video from the two others.
  for (const [viewer, page] of Object.entries(pages)) {
    for (const [sender, id] of Object.entries(ids)) {
      if (sender === viewer) continue;
      const video = await waitForMediaFrom(page, id, 'video');
      assert.ok(video.framesDecoded > 0, `${viewer} decodes ${sender}'s video`);
    }
  }

  // Audio is one server-side mix of everyone else per person. All microphones open: all hear sound.
  for (const page of Object.values(pages)) await waitForMix(page, 'sound');

  // One open microphone at a time proves each voice reaches both others (and nobody hears
  // themselves); a muted microphone is left out of the mix.
  const setMic = async (page: Page, on: boolean) => {
    await page.getByRole('button', { name: on ? 'Unmute microphone' : 'Mute microphone' }).click();
    await page.getByRole('button', { name: on ? 'Mute microphone' : 'Unmute microphone' }).waitFor();
  };
  const micIcon = (page: Page, id: string, state: 'Microphone muted' | 'Microphone on') =>
    participantItem(page, id).getByRole('img', { name: state }).waitFor({ timeout: 15_000 });

  await setMic(bobTab.page, false);
  await setMic(c.page, false);
  for (const page of [aliceTab.page, c.page]) await micIcon(page, ids.bob, 'Microphone muted');
  for (const page of [aliceTab.page, bobTab.page]) await micIcon(page, ids.carol, 'Microphone muted');
  await waitForMix(bobTab.page, 'sound'); // Alice alone speaks
  await waitForMix(c.page, 'sound');
  await waitForMix(aliceTab.page, 'silence');

  // Alice mutes too: both others see it, and her voice stops reaching them.
  await setMic(aliceTab.page, false);
  for (const page of [bobTab.page, c.page]) await micIcon(page, ids.alice, 'Microphone muted');
  await waitForMix(bobTab.page, 'silence');
  await waitForMix(c.page, 'silence');

  await setMic(bobTab.page, true); // Bob alone
  for (const page of [aliceTab.page, c.page]) await micIcon(page, ids.bob, 'Microphone on');
  await waitForMix(aliceTab.page, 'sound');
  await waitForMix(c.page, 'sound');
  await waitForMix(bobTab.page, 'silence');

  await setMic(bobTab.page, false);
  await setMic(c.page, true); // Carol (the guest) alone
  await waitForMix(aliceTab.page, 'sound');
  await waitForMix(bobTab.page, 'sound');
  await waitForMix(c.page, 'silence');
  await setMic(aliceTab.page, true);
  await setMic(bobTab.page, true);

  // A message from the guest reaches all three.
  await sendChat(c.page, 'hello from Carol');
  for (const page of Object.values(pages)) await expectChatText(page, 'hello from Carol');

  // The owner ends the meeting for everyone.
  await endMeetingForAll(aliceTab.page);
  for (const page of [bobTab.page, c.page]) {
    await page.getByRole('heading', { name: 'The meeting has ended' }).waitFor({ timeout: 15_000 });
  }
  assert.equal(await bobTab.page.getByRole('button', { name: 'End meeting for all' }).count(), 0);
});
