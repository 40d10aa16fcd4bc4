// Breakout rooms in real Chromium pages with real Janus mixes: two people sent to different
// rooms hear only their own room (the received mix's energy, with the others' fake microphones
// beeping and a moderator muting), and come back to the main room when called, hearing each
// other again, without reloading. Over plain sockets: who may open rooms, schema limits, and a
// flood of moves told to slow down. People choosing their room from a phone-sized page read the
// moderator's message to all rooms and go back by themselves.
import assert from 'node:assert/strict';
import { afterEach, before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { chromiumPage, memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { chooseFromMore, setMic } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

let moot: Moot;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let room: TestRoom;
let other: TestRoom;
let choosing: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const sockets = new Sockets();
afterEach(() => sockets.closeAll());

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Teacher');
  bob = await addUser(moot, 'Bob Student');
  carol = await addUser(moot, 'Carol Student');
  room = await addRoom(moot, alice, 'Breakout class');
  other = await addRoom(moot, alice, 'Breakout limits', 'link');
  choosing = await addRoom(moot, alice, 'Breakout choice');
});

const card = (page: Page) => page.getByRole('region', { name: 'Breakout rooms' });
const hears = (page: Page, want: 'sound' | 'silence') => waitForMix(chromiumPage(page), want, { timeoutMs: 45_000 });

test('two people in different breakout rooms hear only their own room and hear each other again when called back, without reloading', { timeout: 360_000 }, async () => {
  const teacher = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice (moderator)');
  const first = await memberInMeeting(browsers, moot.url, bob, room.id, 'Bob');
  const second = await memberInMeeting(browsers, moot.url, carol, room.id, 'Carol');
  await participantId(teacher.page, 'Bob Student');
  await participantId(teacher.page, 'Carol Student');
  for (const p of [first.page, second.page]) await p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  // In the main room everyone hears the others' beeps.
  await hears(first.page, 'sound');
  await hears(second.page, 'sound');

  await chooseFromMore(teacher.page, 'Breakout rooms');
  const setup = card(teacher.page);
  await setup.getByRole('spinbutton', { name: 'Number of rooms' }).fill('2');
  await setup.getByRole('combobox', { name: 'Who goes where' }).selectOption({ label: 'I move people myself' });
  assert.equal(await setup.getByText('Phone callers and people who only listen stay in the main room.').count(), 1);
  await setup.getByRole('button', { name: 'Open rooms' }).click();
  await card(teacher.page).getByRole('combobox', { name: 'Room for Bob Student' }).selectOption({ label: 'Room 1' });
  await card(teacher.page).getByRole('combobox', { name: 'Room for Carol Student' }).selectOption({ label: 'Room 2' });
  await card(first.page).getByText('You are in: Room 1').waitFor({ timeout: 15_000 });
  await card(second.page).getByText('You are in: Room 2').waitFor({ timeout: 15_000 });

  // The moderator visits room 1: Bob hears her; Carol, alone in room 2, hears nothing of it.
  await card(teacher.page).getByRole('list', { name: 'Room 1' }).waitFor();
  await card(teacher.page).getByRole('heading', { name: /Room 1/ }).getByRole('button', { name: 'Visit' }).click();
  await card(teacher.page).getByText('You are in: Room 1').waitFor({ timeout: 15_000 });
  await hears(first.page, 'sound');
  await hears(teacher.page, 'sound');
  await hears(second.page, 'silence');
  // With the moderator muted, Bob hears silence although Carol's microphone is on in room 2.
  await setMic(teacher.page, false);
  await hears(first.page, 'silence');
  await setMic(teacher.page, true);
  // Visiting room 2 instead: now Carol hears the moderator and Bob, alone, hears nothing.
  await card(teacher.page).getByRole('heading', { name: /Room 2/ }).getByRole('button', { name: 'Visit' }).click();
  await card(teacher.page).getByText('You are in: Room 2').waitFor({ timeout: 15_000 });
  await hears(second.page, 'sound');
  await hears(first.page, 'silence');

  await card(teacher.page).getByRole('button', { name: 'Call everyone back' }).click();
  await first.page.getByText('You are back in the main room.').waitFor({ timeout: 15_000 });
  await second.page.getByText('You are back in the main room.').waitFor({ timeout: 15_000 });
  // Bob and Carol hear each other again (the moderator muted, so the sound is theirs).
  await setMic(teacher.page, false);
  await hears(first.page, 'sound');
  await hears(second.page, 'sound');
  for (const [p, who] of [[first.page, 'Bob'], [second.page, 'Carol']] as const) {
    assert.equal(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, `${who}'s page was not reloaded`);
    assert.equal(await card(p).count(), 0, `${who}'s breakout card is gone`);
  }
  for (const p of [teacher, first, second]) await p.close();
});

test('people choose their own room from a phone-sized page, read the message to all rooms, and go back to the main room themselves', { timeout: 240_000 }, async () => {
  const teacher = await memberInMeeting(browsers, moot.url, alice, choosing.id, 'Alice (moderator)');
  const phone = await memberInMeeting(browsers, moot.url, bob, choosing.id, 'Bob (phone)', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await participantId(teacher.page, 'Bob Student');
  await chooseFromMore(teacher.page, 'Breakout rooms');
  await card(teacher.page).getByRole('spinbutton', { name: 'Number of rooms' }).fill('3');
  await card(teacher.page).getByRole('combobox', { name: 'Who goes where' }).selectOption({ label: 'People choose a room' });
  await card(teacher.page).getByRole('button', { name: 'Open rooms' }).click();

  await card(phone.page).getByRole('button', { name: 'Go to Room 3' }).click();
  await card(phone.page).getByText('You are in: Room 3').waitFor({ timeout: 15_000 });
  await card(teacher.page).getByRole('list', { name: 'Room 3' }).getByText('Bob Student').waitFor({ timeout: 15_000 });
  await card(teacher.page).getByRole('textbox', { name: 'Message to all rooms' }).fill('Five minutes left');
  await card(teacher.page).getByRole('button', { name: 'Send to all rooms' }).click();
  await card(phone.page).getByText('Five minutes left').waitFor({ timeout: 15_000 });

  await card(phone.page).getByRole('button', { name: 'Go to Main room' }).click();
  await card(phone.page).getByText('You are in: Main room').waitFor({ timeout: 15_000 });
  await hears(phone.page, 'sound');
  await card(teacher.page).getByRole('button', { name: 'Call everyone back' }).click();
  await card(phone.page).waitFor({ state: 'detached', timeout: 15_000 });
  await teacher.close();
  await phone.close();
});

test('only moderators open breakout rooms, people choose only when allowed, sizes are checked, and a flood of moves is told to slow down', async () => {
  const host = await sockets.member(moot, alice);
  await host.join({ room: other.id });
  const guest = await sockets.guest(moot);
  const { self } = await guest.join({ room: other.id, name: 'Moving Guest' });

  guest.send({ type: 'breakoutStart', rooms: 2, assign: 'choose', minutes: 5 });
  assert.equal((await guest.nextError('breakoutStart')).code, 'forbidden');
  host.send({ type: 'breakoutStart', rooms: 1, assign: 'choose', minutes: 5 });
  assert.equal((await host.nextError('breakoutStart')).code, 'invalid-message', 'one room is no breakout');
  guest.send({ type: 'breakoutMove', participantId: self.id, room: 0 });
  assert.equal((await guest.nextError('breakoutMove')).code, 'no-breakouts');

  host.send({ type: 'breakoutStart', rooms: 2, assign: 'manual', minutes: 5 });
  await guest.next('breakouts', (m) => m.breakouts !== null);
  guest.send({ type: 'breakoutMove', participantId: self.id, room: 1 });
  assert.equal((await guest.nextError('breakoutMove')).code, 'breakout-choice-closed');
  host.send({ type: 'breakoutMove', participantId: self.id, room: 7 });
  assert.equal((await host.nextError('breakoutMove')).code, 'breakout-room-not-found');
  host.send({ type: 'breakoutEnd' });
  await guest.next('breakouts', (m) => m.breakouts === null);

  host.send({ type: 'breakoutStart', rooms: 2, assign: 'choose', minutes: 5 });
  await guest.next('breakouts', (m) => m.breakouts !== null);
  guest.send({ type: 'breakoutMove', participantId: self.id, room: 1 });
  const moved = await guest.next('breakoutMoved');
  assert.equal(moved.room, 1);
  for (let i = 0; i < 100; i++) guest.send({ type: 'breakoutMove', participantId: self.id, room: i % 2 });
  assert.equal((await guest.nextError('breakoutMove')).code, 'breakout-too-fast');
  host.send({ type: 'breakoutEnd' });
  await guest.next('breakoutMoved', (m) => m.room === null, 30_000);
});
