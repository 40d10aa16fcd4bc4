// The recording notice in real Chromium pages against a real server and Janus: when a moderator
// starts recording, the others are told in a dialog who records and may turn off their camera
// and microphone from it; someone joining later is told too; everyone is told when it stops.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, memberInMeeting, participantId } from '../helpers/browser.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const cast = castOf(suite, { olga: 'Olga Owner', bob: 'Bob Member' }, { name: 'Recorded training', owner: 'olga', guests: 'link' });

const notice = (page: Page) => page.getByRole('dialog', { name: 'This meeting is being recorded', exact: true });
const indicator = (page: Page) => page.getByRole('status').filter({ hasText: /^Recording$/ });

test('everyone, a late joiner too, is told of the recording and who started it, and told when it stops', { timeout: 180_000 }, async () => {
  const olgaTab = await memberInMeeting(browsers, cast.moot.url, cast.olga, cast.room.id, 'Olga (moderator, records)');
  const bobTab = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (member)');
  await participantId(olgaTab.page, 'Bob Member');

  await olgaTab.page.getByRole('button', { name: 'Start recording', exact: true }).click();

  // Bob is told in a dialog that has the focus, naming who records.
  await notice(bobTab.page).waitFor({ timeout: 15_000 });
  assert.match((await notice(bobTab.page).textContent()) ?? '', /Olga Owner started recording this meeting/);
  assert.equal(await bobTab.page.evaluate(() => document.activeElement?.closest('dialog') !== null), true, 'the notice holds the focus');
  await indicator(bobTab.page).waitFor();
  // The one who started it is not asked about their own choice, but sees it run.
  await indicator(olgaTab.page).waitFor();
  assert.equal(await notice(olgaTab.page).count(), 0);

  // From the notice, Bob stays without camera and microphone.
  await notice(bobTab.page).getByRole('button', { name: 'Turn off camera and microphone', exact: true }).click();
  await notice(bobTab.page).waitFor({ state: 'detached' });
  await bobTab.page.getByRole('button', { name: 'Unmute microphone', exact: true }).waitFor();
  await bobTab.page.getByRole('button', { name: 'Start camera', exact: true }).waitFor();

  // Someone joining while it runs is told before anything else.
  const gina = await browsers.newParticipant('Gina (guest, joins late)');
  await joinAsGuest(gina.page, cast.moot.url, cast.room.id, 'Gina Guest');
  await notice(gina.page).waitFor({ timeout: 15_000 });
  assert.match((await notice(gina.page).textContent()) ?? '', /recorded/);
  assert.match((await notice(gina.page).textContent()) ?? '', /Olga Owner started recording this meeting/, 'a late joiner is told who records');
  for (const name of ['Continue', 'Turn off camera and microphone', 'Leave the meeting']) {
    await notice(gina.page).getByRole('button', { name, exact: true }).waitFor();
  }
  await notice(gina.page).getByRole('button', { name: 'Continue', exact: true }).click();
  await notice(gina.page).waitFor({ state: 'detached' });
  await gina.page.getByRole('button', { name: 'Mute microphone', exact: true }).waitFor();

  // Stopping is told to everyone.
  await olgaTab.page.getByRole('button', { name: 'Stop recording', exact: true }).click();
  for (const page of [bobTab.page, gina.page]) {
    await page.getByRole('alert').filter({ hasText: 'Olga Owner stopped recording the meeting.' }).waitFor({ timeout: 15_000 });
    await indicator(page).waitFor({ state: 'detached' });
  }
});
