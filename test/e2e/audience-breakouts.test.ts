// The audience in breakout rooms: in a room whose guests join as audience, the moderator sends
// a guest from the audience to a breakout room and visits it. There the guest's page leaves the
// program for a seat in that room's mix, like everyone in a room: the two hear each other's
// tones. Called back, the guest is in the audience again and watches the program.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, participantId, signIn } from '../helpers/browser.ts';
import { chooseFromMore, inboundRtp } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { hearsTone, toneMicrophone } from '../helpers/tone.ts';
import { waitFor } from '../helpers/wait.ts';

const MODERATOR_HZ = 523;
const GUEST_HZ = 784;

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

const cast = castOf(suite, { olga: 'Olga Owner' }, { name: 'All-hands with breakouts', owner: 'olga', audience: true });

const card = (page: Page) => page.getByRole('region', { name: 'Breakout rooms' });
const program = (page: Page) => page.getByRole('region', { name: 'Program' });

/** Video frames the page has decoded so far, over all it receives. */
async function framesDecoded(page: Page): Promise<number> {
  return (await inboundRtp(page)).filter((s) => s.kind === 'video').reduce((n, s) => n + s.framesDecoded, 0);
}

test('a guest sent from the audience to a breakout room takes a seat there, hears and is heard, and watches the program again after the call back', { timeout: 300_000 }, async () => {
  const { moot, olga, room } = cast;
  const moderator = await browsers.newParticipant(`Olga (moderator, ${MODERATOR_HZ} Hz tone)`);
  await moderator.context.addInitScript(toneMicrophone(MODERATOR_HZ));
  await signIn(moderator.page, moot.url, olga.email, olga.password);
  await joinAsMember(moderator.page, moot.url, room.id);
  const teacher = moderator.page;

  const guest = await browsers.newParticipant(`Gus (guest, audience, ${GUEST_HZ} Hz tone)`);
  await guest.context.addInitScript(toneMicrophone(GUEST_HZ));
  const page = guest.page;
  await joinAsGuest(page, moot.url, room.id, 'Gus Guest');
  await program(page).waitFor({ state: 'visible' });
  await participantId(teacher, 'Gus Guest');

  await chooseFromMore(teacher, 'Breakout rooms');
  await card(teacher).getByRole('spinbutton', { name: 'Number of rooms' }).fill('2');
  await card(teacher).getByRole('combobox', { name: 'Who goes where' }).selectOption({ label: 'I move people myself' });
  await card(teacher).getByRole('button', { name: 'Open rooms' }).click();
  await card(teacher).getByRole('combobox', { name: 'Room for Gus Guest' }).selectOption({ label: 'Room 1' });
  await card(page).getByText('You are in: Room 1').waitFor({ timeout: 15_000 });

  // Seated in room 1: no program, a microphone of his own (off until he turns it on).
  await program(page).waitFor({ state: 'detached', timeout: 15_000 });
  await page.getByRole('button', { name: 'Unmute microphone' }).click();
  await page.getByRole('button', { name: 'Mute microphone' }).waitFor();
  await card(teacher).getByRole('heading', { name: /Room 1/ }).getByRole('button', { name: 'Visit' }).click();
  await card(teacher).getByText('You are in: Room 1').waitFor({ timeout: 15_000 });
  await hearsTone(teacher, GUEST_HZ, 'the moderator visiting room 1', 45_000);
  await hearsTone(page, MODERATOR_HZ, 'the guest seated in room 1', 45_000);

  await card(teacher).getByRole('button', { name: 'Call everyone back' }).click();
  await page.getByText('You are back in the main room.').waitFor({ timeout: 15_000 });
  await program(page).waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await page.getByRole('button', { name: /^(Unmute|Mute) microphone$/ }).count(), 0, 'back in the audience: no microphone button');
  const before = await framesDecoded(page);
  await waitFor(async () => (await framesDecoded(page)) > before + 10, { timeoutMs: 30_000, intervalMs: 500, message: 'the program’s picture arriving again' });
});
