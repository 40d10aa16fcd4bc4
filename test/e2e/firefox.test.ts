// A Firefox ESR guest and a Chromium member in one meeting (fake cameras and microphones), media
// through the real Janus: each receives the other's video and hears the other in the audio mix,
// a mute is shown and silences the mix, chat goes both ways, and the Firefox camera's top
// simulcast layer reaches the Chromium page that shows it in a tall tile.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { chromiumPage, joinAsGuest, memberInMeeting, participantId, waitForMediaFrom, waitForMix, type TestPage } from '../helpers/browser.ts';
import { Firefox } from '../helpers/firefox.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { tileHeight, waitForMicIcon, waitForReceivedHeight } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const firefox = new Firefox();
after(() => firefox.close());

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  room = await addRoom(moot, alice, 'Firefox and Chromium', 'link');
});

async function sendChat(page: TestPage, text: string): Promise<void> {
  await page.fill('Message', text);
  await page.click('button', 'Send');
}

async function expectChatText(page: TestPage, text: string): Promise<void> {
  await waitFor(async () => (await page.text('log', 'Chat')).includes(text), { timeoutMs: 15_000, message: `chat "${text}" on ${page.url()}` });
}

async function setMic(page: TestPage, on: boolean): Promise<void> {
  await page.click('button', on ? 'Unmute microphone' : 'Mute microphone');
  await page.waitFor('button', on ? 'Mute microphone' : 'Unmute microphone');
}

test('a Firefox guest and a Chromium member: video and audio both ways, mute, chat, the Firefox camera received at 720 lines', { timeout: 240_000 }, async (t) => {
  const member = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (Chromium, member)');
  const guest = await firefox.newParticipant('Fiona (Firefox, guest)');
  await joinAsGuest(guest.page, moot.url, room.id, 'Fiona Firefox');
  const alicePage = chromiumPage(member.page);
  const fionaPage = guest.page;
  const ids = { alice: await participantId(member.page, 'Alice Owner'), fiona: await participantId(member.page, 'Fiona Firefox') };

  // Video both ways: bytes and decoded frames rising.
  await waitForMediaFrom(member.page, ids.fiona, 'video');
  await waitForMediaFrom(fionaPage, ids.alice, 'video');

  // Audio both ways: each one's mix carries the other's microphone.
  await waitForMix(member.page, 'sound');
  await waitForMix(fionaPage, 'sound');

  // In speaker view Fiona's tile fills Alice's page, tall enough for the full-resolution layer,
  // and Firefox turns that layer on within the server's cap: Alice receives it at 720 lines.
  await alicePage.click('button', 'Speaker view');
  await alicePage.waitFor('button', 'Grid view');
  const tile = await tileHeight(member.page, ids.fiona);
  const received = await waitForReceivedHeight(
    member.page,
    fionaPage,
    ids.fiona,
    (height) => height === 720,
    "Fiona's camera received at 720 lines on Alice's page",
    60_000,
  );
  assert.equal(received.layers.h?.frameHeight, 720, `Firefox sends its top layer at 720 lines: ${JSON.stringify(received.layers)}`);
  t.diagnostic(`Fiona's tile ${tile} px tall on Alice's page, received at ${received.height} lines; Firefox's layers ${JSON.stringify(received.layers)}`);

  // Fiona mutes: Alice sees it and hears silence while Fiona still hears Alice.
  await setMic(fionaPage, false);
  await waitForMicIcon(member.page, ids.fiona, 'Microphone muted');
  await waitForMix(member.page, 'silence');
  await waitForMix(fionaPage, 'sound');
  // Alice mutes: Fiona hears silence; Fiona unmutes: Alice hears her again.
  await setMic(alicePage, false);
  await waitForMix(fionaPage, 'silence');
  await setMic(fionaPage, true);
  await waitForMicIcon(member.page, ids.fiona, 'Microphone on');
  await waitForMix(member.page, 'sound');

  // Chat both ways.
  await sendChat(fionaPage, 'hello from Firefox');
  await expectChatText(alicePage, 'hello from Firefox');
  await sendChat(alicePage, 'hello from Chromium');
  await expectChatText(fionaPage, 'hello from Chromium');
  await expectChatText(fionaPage, 'hello from Firefox');
});
