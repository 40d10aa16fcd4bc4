// Three people in one meeting in real Chromium pages (fake camera and microphone), media through
// the real Janus: everyone receives everyone, mute stops audio, chat reaches all as plain text.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import {
  Browsers,
  joinAsGuest,
  joinAsMember,
  participantId,
  signIn,
  waitForMediaFrom,
  waitForMediaToStop,
  type Participant,
} from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
const browsers = new Browsers();

before(async () => {
  moot = await startMoot();
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  alice = await addUser(moot, 'Alice Owner');
  bob = await addUser(moot, 'Bob Member');
  room = await addRoom(moot, alice, 'Team meeting', 'link');
});

after(async () => {
  await browsers.close();
  await moot?.stop();
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
  const a: Participant = await browsers.newParticipant('Alice (member, owner)');
  const b: Participant = await browsers.newParticipant('Bob (member)');
  await signIn(a.page, moot.url, alice.email, alice.password);
  await signIn(b.page, moot.url, bob.email, bob.password);
  await joinAsMember(a.page, moot.url, room.id);
  await joinAsMember(b.page, moot.url, room.id);

  // Chat before the guest arrives; the markup must show as text.
  const markup = '<b>x</b>';
  await sendChat(a.page, markup);
  for (const p of [a.page, b.page]) {
    await expectChatText(p, markup);
    assert.equal(await chatLog(p).locator('b').count(), 0, 'chat text is not rendered as HTML');
  }

  const c: Participant = await browsers.newParticipant('Carol (guest)');
  await joinAsGuest(c.page, moot.url, room.id, 'Carol Guest');
  await expectChatText(c.page, markup);
  assert.equal(await chatLog(c.page).locator('b').count(), 0);

  const pages = { alice: a.page, bob: b.page, carol: c.page };
  const ids = {
    alice: await participantId(a.page, 'Alice Owner'),
    bob: await participantId(a.page, 'Bob Member'),
    carol: await participantId(a.page, 'Carol Guest'),
  };
  assert.equal(new Set(Object.values(ids)).size, 3);
  for (const p of Object.values(pages)) {
    for (const [who, id] of Object.entries(ids)) {
      assert.equal(await participantId(p, who === 'alice' ? 'Alice Owner' : who === 'bob' ? 'Bob Member' : 'Carol Guest'), id);
    }
  }

  // Everyone receives audio and video from the two others.
  for (const [viewer, page] of Object.entries(pages)) {
    for (const [sender, id] of Object.entries(ids)) {
      if (sender === viewer) continue;
      const video = await waitForMediaFrom(page, id, 'video');
      assert.ok(video.framesDecoded > 0, `${viewer} decodes ${sender}'s video`);
      const audio = await waitForMediaFrom(page, id, 'audio');
      assert.ok(audio.bytesReceived > 0, `${viewer} receives ${sender}'s audio`);
    }
  }

  // Alice mutes: the others see it and her audio stops reaching them; Carol's still flows.
  await a.page.getByRole('button', { name: 'Mute microphone' }).click();
  await a.page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
  for (const page of [b.page, c.page]) {
    await participantItem(page, ids.alice).getByRole('img', { name: 'Microphone muted' }).waitFor({ timeout: 15_000 });
    await waitForMediaToStop(page, ids.alice, 'audio');
  }
  await waitForMediaFrom(b.page, ids.carol, 'audio');
  await waitForMediaFrom(c.page, ids.bob, 'audio');
  assert.equal(await participantItem(b.page, ids.bob).getByRole('img', { name: 'Microphone on' }).count(), 1);

  // And unmutes: audio flows again.
  await a.page.getByRole('button', { name: 'Unmute microphone' }).click();
  for (const page of [b.page, c.page]) {
    await participantItem(page, ids.alice).getByRole('img', { name: 'Microphone on' }).waitFor({ timeout: 15_000 });
    await waitForMediaFrom(page, ids.alice, 'audio');
  }

  // A message from the guest reaches all three.
  await sendChat(c.page, 'hello from Carol');
  for (const page of Object.values(pages)) await expectChatText(page, 'hello from Carol');

  // The owner ends the meeting for everyone.
  a.page.once('dialog', (dialog) => void dialog.accept()); // "End the meeting for everyone in it?"
  await a.page.getByRole('button', { name: 'End meeting for all' }).click();
  for (const page of [b.page, c.page]) {
    await page.getByRole('heading', { name: 'The meeting has ended' }).waitFor({ timeout: 15_000 });
  }
  assert.equal(await b.page.getByRole('button', { name: 'End meeting for all' }).count(), 0);
});
