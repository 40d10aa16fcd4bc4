// Moderation through the meeting UI, in real Chromium pages against a real server and Janus:
// the lobby (admit, deny), a moderator's mute and the target's own unmute, removal (and the
// lobby on return), and the queue of raised hands.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { printDiagnostics } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, participantId, signIn, waitForMix, waitInMeeting, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { moderateFromList, participantItem, setMic, waitForMicIcon } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let olga: TestUser;
let bob: TestUser;
let carol: TestUser;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  olga = await addUser(moot, 'Olga Owner');
  bob = await addUser(moot, 'Bob Member');
  carol = await addUser(moot, 'Carol Member');
});

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const signedInStates = new Map<string, StorageState>();

/** The pages one test opens; all closed when it ends, so the next may open its own three. */
class People {
  private list: Participant[] = [];

  async guest(label: string): Promise<Participant> {
    const p = await browsers.newParticipant(label);
    this.list.push(p);
    return p;
  }

  /** A page signed in as `user` (one sign-in per user for the whole file: it is rate-limited). */
  async member(label: string, user: TestUser): Promise<Participant> {
    const state = signedInStates.get(user.email);
    const p = await browsers.newParticipant(label, state ? { storageState: state } : {});
    this.list.push(p);
    if (!state) {
      await signIn(p.page, moot.url, user.email, user.password);
      signedInStates.set(user.email, await p.context.storageState());
    }
    return p;
  }

  async closeAll(): Promise<void> {
    const list = this.list;
    this.list = [];
    for (const p of list) await p.close();
  }
}

/**
 * A test with its own pages: on failure the server output and the browser consoles are
 * printed before the pages close; the pages always close, so the next test may open three.
 */
function meetingTest(name: string, body: (people: People) => Promise<void>): void {
  test(name, { timeout: 120_000 }, async () => {
    const people = new People();
    try {
      await body(people);
    } catch (error) {
      printDiagnostics(name);
      throw error;
    } finally {
      await people.closeAll();
    }
  });
}

/** A fresh room owned by Olga (a meeting stays live a while after pages close, so none is reused). */
async function freshRoom(name: string, settings: Record<string, unknown> = {}): Promise<TestRoom> {
  const room = await addRoom(moot, olga, name, 'link');
  if (Object.keys(settings).length > 0) {
    const http = await signedIn(moot, olga);
    const res = await http.patch(`/api/rooms/${room.id}`, settings);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  return room;
}

const waitingHeading = (page: Page) => page.getByRole('heading', { name: 'Waiting to be let in' });
const lobbyPanel = (page: Page) => page.getByRole('region', { name: 'Waiting to join' });
const lobbyEntry = (page: Page, name: string) => lobbyPanel(page).getByRole('listitem').filter({ hasText: name });

async function pageText(page: Page, text: string, role: 'alert' | 'status', message: string): Promise<void> {
  await page.getByRole(role).filter({ hasText: text }).first().waitFor({ timeout: 15_000 }).catch((error: Error) => {
    throw new Error(`${message}: ${error.message}`);
  });
}

meetingTest('lobby: a guest waits, the moderator admits them; another guest is denied and told so', async (people) => {
  const room = await freshRoom('Lobby room', { lobby: 'guests' });
  const olgaTab = await people.member('Olga (moderator)', olga);
  await joinAsMember(olgaTab.page, moot.url, room.id);

  const gina = await people.guest('Gina (guest, admitted)');
  await joinAsGuest(gina.page, moot.url, room.id, 'Gina Guest', undefined, { expectMeeting: false });
  await waitingHeading(gina.page).waitFor({ timeout: 15_000 });

  // The moderator is told, and finds the guest in the lobby with the decision at hand.
  await pageText(olgaTab.page, 'Gina Guest is waiting to join.', 'status', 'the moderator is told Gina waits');
  await lobbyEntry(olgaTab.page, 'Gina Guest').waitFor({ timeout: 15_000 });
  assert.match((await lobbyEntry(olgaTab.page, 'Gina Guest').textContent()) ?? '', /guest/);
  await lobbyEntry(olgaTab.page, 'Gina Guest').getByRole('button', { name: 'Admit Gina Guest', exact: true }).click();

  await waitInMeeting(gina.page);
  const ginaId = await participantId(olgaTab.page, 'Gina Guest');
  assert.equal(await participantId(gina.page, 'Gina Guest'), ginaId);
  await participantId(gina.page, 'Olga Owner');
  await lobbyPanel(olgaTab.page).waitFor({ state: 'detached', timeout: 15_000 });

  const gus = await people.guest('Gus (guest, denied)');
  await joinAsGuest(gus.page, moot.url, room.id, 'Gus Guest', undefined, { expectMeeting: false });
  await waitingHeading(gus.page).waitFor({ timeout: 15_000 });
  await lobbyEntry(olgaTab.page, 'Gus Guest').getByRole('button', { name: 'Deny Gus Guest', exact: true }).click();

  await pageText(gus.page, 'A moderator did not let you in.', 'alert', 'the denied guest sees why');
  // Back on the pre-join screen (free to ask again), never in the meeting.
  await gus.page.getByRole('button', { name: 'Join', exact: true }).waitFor({ timeout: 15_000 });
  assert.equal(await gus.page.getByRole('button', { name: 'Leave', exact: true }).count(), 0);
  await lobbyPanel(olgaTab.page).waitFor({ state: 'detached', timeout: 15_000 });
  const names = (await olgaTab.page.locator('ul[aria-label="Participants"] > li').allTextContents()).join(' | ');
  assert.ok(!names.includes('Gus Guest'), `the denied guest is not in the meeting: ${names}`);
  assert.ok(names.includes('Gina Guest'), `the admitted guest stays: ${names}`);
});

meetingTest("a moderator's mute reaches the target and holds in the mix; the target unmutes when asked", async (people) => {
  const room = await freshRoom('Mute room');
  const olgaTab = await people.member('Olga (moderator)', olga);
  const bobTab = await people.member('Bob (target)', bob);
  const carolTab = await people.member('Carol (listener)', carol);
  for (const p of [olgaTab, bobTab, carolTab]) await joinAsMember(p.page, moot.url, room.id);
  const bobId = await participantId(olgaTab.page, 'Bob Member');

  // Only Bob's microphone is open, so Carol's mix is Bob's voice.
  await setMic(olgaTab.page, false);
  await setMic(carolTab.page, false);
  await waitForMix(carolTab.page, 'sound');
  await waitForMicIcon(carolTab.page, bobId, 'Microphone on');

  await moderateFromList(olgaTab.page, 'Bob Member', 'Mute');
  // The target is told and its own controls show the microphone off.
  await pageText(bobTab.page, 'Olga Owner turned off your microphone.', 'alert', 'Bob is told who muted him');
  await bobTab.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor({ timeout: 15_000 });
  await waitForMicIcon(bobTab.page, bobId, 'Microphone muted');
  // Everyone else sees it, and his voice leaves the mix.
  await waitForMicIcon(olgaTab.page, bobId, 'Microphone muted');
  await waitForMicIcon(carolTab.page, bobId, 'Microphone muted');
  await waitForMix(carolTab.page, 'silence');

  // Nobody can be unmuted by force: the moderator can only ask, and the target decides.
  await moderateFromList(olgaTab.page, 'Bob Member', 'Ask to unmute');
  const ask = bobTab.page.getByRole('alertdialog', { name: 'Request to unmute' });
  await ask.waitFor({ timeout: 15_000 });
  assert.match((await ask.textContent()) ?? '', /Olga Owner asks you to unmute/);
  await waitForMicIcon(carolTab.page, bobId, 'Microphone muted');
  await ask.getByRole('button', { name: 'Unmute me', exact: true }).click();
  await bobTab.page.getByRole('button', { name: 'Mute microphone', exact: true }).waitFor({ timeout: 15_000 });
  await waitForMicIcon(olgaTab.page, bobId, 'Microphone on');
  await waitForMicIcon(carolTab.page, bobId, 'Microphone on');
  await waitForMix(carolTab.page, 'sound');

  // And unmutes on his own after a second mute, with the control bar.
  await moderateFromList(olgaTab.page, 'Bob Member', 'Mute');
  await waitForMicIcon(carolTab.page, bobId, 'Microphone muted');
  await bobTab.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor({ timeout: 15_000 });
  await setMic(bobTab.page, true);
  await waitForMicIcon(olgaTab.page, bobId, 'Microphone on');
  await waitForMicIcon(carolTab.page, bobId, 'Microphone on');
});

meetingTest('a removed person is told and, joining again, waits in the lobby until admitted', async (people) => {
  const room = await freshRoom('Removal room');
  const olgaTab = await people.member('Olga (moderator)', olga);
  const bobTab = await people.member('Bob (removed)', bob);
  await joinAsMember(olgaTab.page, moot.url, room.id);
  await joinAsMember(bobTab.page, moot.url, room.id);
  const bobId = await participantId(olgaTab.page, 'Bob Member');

  await moderateFromList(olgaTab.page, 'Bob Member', 'Remove');
  await bobTab.page.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor({ timeout: 15_000 });
  const endText = (await bobTab.page.locator('main').textContent()) ?? '';
  await waitFor(async () => (await participantItem(olgaTab.page, bobId).count()) === 0, { message: 'Bob gone from the moderator’s list' });
  // The meeting goes on for the others.
  await olgaTab.page.getByRole('button', { name: 'Leave', exact: true }).waitFor();

  // Back again: the lobby, not the meeting.
  assert.equal(await bobTab.page.getByRole('button', { name: 'Join again', exact: true }).count(), 0, 'no plain "Join again" after a removal');
  await bobTab.page.getByRole('button', { name: 'Ask to come back', exact: true }).click();
  await waitingHeading(bobTab.page).waitFor({ timeout: 15_000 });
  await pageText(olgaTab.page, 'Bob Member is waiting to join.', 'status', 'the moderator is told Bob waits');
  await lobbyEntry(olgaTab.page, 'Bob Member').getByRole('button', { name: 'Admit Bob Member', exact: true }).click();
  await waitInMeeting(bobTab.page);
  await participantId(olgaTab.page, 'Bob Member');

  // Checked last so that a wrong message does not hide how the rest behaves.
  assert.match(endText, /Olga Owner removed you/, `the removed person's page says who removed them; it says: "${endText.trim()}"`);
  assert.match(endText, /moderator to admit you/, `the removed person's page says they need to be admitted; it says: "${endText.trim()}"`);
});

meetingTest('raised hands: the moderator sees them in order and lowers one', async (people) => {
  const room = await freshRoom('Hands room');
  const olgaTab = await people.member('Olga (moderator)', olga);
  const bobTab = await people.member('Bob (first hand)', bob);
  const carolTab = await people.member('Carol (second hand)', carol);
  for (const p of [olgaTab, bobTab, carolTab]) await joinAsMember(p.page, moot.url, room.id);
  const bobId = await participantId(olgaTab.page, 'Bob Member');
  const carolId = await participantId(olgaTab.page, 'Carol Member');
  const hand = (page: Page, id: string, place: number) =>
    participantItem(page, id).getByRole('img', { name: `Hand raised, number ${place}`, exact: true });
  const anyHand = (page: Page, id: string) => participantItem(page, id).getByRole('img', { name: /^Hand raised/ });

  await bobTab.page.getByRole('button', { name: 'Raise hand', exact: true }).click();
  await bobTab.page.getByRole('button', { name: 'Lower hand', exact: true }).waitFor({ timeout: 15_000 });
  await hand(olgaTab.page, bobId, 1).waitFor({ timeout: 15_000 });
  await carolTab.page.getByRole('button', { name: 'Raise hand', exact: true }).click();
  await hand(olgaTab.page, carolId, 2).waitFor({ timeout: 15_000 });
  await hand(olgaTab.page, bobId, 1).waitFor();
  // The order is the same for everyone.
  await hand(carolTab.page, bobId, 1).waitFor({ timeout: 15_000 });
  await hand(carolTab.page, carolId, 2).waitFor({ timeout: 15_000 });

  await moderateFromList(olgaTab.page, 'Bob Member', 'Lower hand');
  await waitFor(async () => (await anyHand(olgaTab.page, bobId).count()) === 0, { message: 'Bob’s hand down on the moderator’s list' });
  await hand(olgaTab.page, carolId, 1).waitFor({ timeout: 15_000 });
  // Bob's own page shows his hand down.
  await bobTab.page.getByRole('button', { name: 'Raise hand', exact: true }).waitFor({ timeout: 15_000 });
  await hand(bobTab.page, carolId, 1).waitFor({ timeout: 15_000 });
  assert.equal(await carolTab.page.getByRole('button', { name: 'Lower hand', exact: true }).count(), 1, 'Carol’s hand stays up');
});
