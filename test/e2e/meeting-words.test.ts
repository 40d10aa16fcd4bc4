// What the meeting page says and offers, in real Chromium pages: the Join button fits a laptop
// screen, a person made moderator is told, "Remove" stands apart from "Remove moderator" and is
// confirmed in the app's own dialog (never the browser's), and "Copy invitation" copies the
// room's link and the access code in one click.
import assert from 'node:assert/strict';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, memberInMeeting, participantId } from '../helpers/browser.ts';
import { chooseFromMore } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const cast = castOf(suite, { olga: 'Olga Owner', bob: 'Bob Member' }, { name: 'Words check', owner: 'olga', guests: 'code', code: 'sesame42' });

test('on a 1366×768 screen the Join button is in view without scrolling, with name and access code asked', { timeout: 60_000 }, async () => {
  const guest = await browsers.newParticipant('Gina (guest, laptop screen)', { viewport: { width: 1366, height: 768 } });
  try {
    await guest.page.goto(`${cast.moot.url}/r/${cast.room.id}`);
    await guest.page.getByRole('textbox', { name: 'Access code' }).waitFor();
    const join = guest.page.getByRole('button', { name: 'Join', exact: true });
    await join.waitFor();
    // Let the camera preview take its place before measuring.
    await guest.page.locator('.preview video').waitFor({ timeout: 15_000 });
    const box = await join.boundingBox();
    assert.equal(await guest.page.evaluate(() => window.scrollY), 0);
    assert.ok(box && box.y >= 0 && box.y + box.height <= 768, `the Join button is within the first 768 px: ${JSON.stringify(box)}`);
  } finally {
    await guest.close();
  }
});

test('promotion is told, "Remove" is apart from "Remove moderator" and confirmed in an accessible dialog; the invitation is copied', { timeout: 120_000 }, async () => {
  const olgaTab = await memberInMeeting(browsers, cast.moot.url, cast.olga, cast.room.id, 'Olga (moderator)', { permissions: ['clipboard-read', 'clipboard-write'] });
  const bobTab = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (promoted)');
  const gina = await browsers.newParticipant('Gina (guest with the code)', { permissions: ['clipboard-read', 'clipboard-write'] });
  const nativeDialogs: string[] = [];
  for (const page of [olgaTab.page, bobTab.page, gina.page]) {
    page.on('dialog', (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  await joinAsGuest(gina.page, cast.moot.url, cast.room.id, 'Gina Guest', 'sesame42');
  await participantId(olgaTab.page, 'Bob Member');

  // Olga makes Bob a moderator: he is told.
  await olgaTab.page.getByRole('button', { name: 'Actions for Bob Member', exact: true }).click();
  const bobItem = olgaTab.page.locator('ul[aria-label="Participants"] > li').filter({ hasText: 'Bob Member' });
  await bobItem.getByRole('button', { name: 'Make moderator', exact: true }).click();
  await bobTab.page.getByRole('alert').filter({ hasText: 'You are now a moderator' }).waitFor({ timeout: 15_000 });

  // His actions: "Remove moderator" first, "Remove" last and not beside it.
  await olgaTab.page.getByRole('button', { name: 'Actions for Bob Member', exact: true }).click();
  await bobItem.getByRole('button', { name: 'Remove moderator', exact: true }).waitFor({ timeout: 15_000 });
  const actions = await bobItem.locator('.person-actions button').allTextContents();
  const demote = actions.indexOf('Remove moderator');
  const remove = actions.indexOf('Remove');
  assert.ok(demote >= 0 && remove >= 0, `both actions are offered: ${actions.join(', ')}`);
  assert.ok(Math.abs(demote - remove) > 1, `"Remove" is not next to "Remove moderator": ${actions.join(', ')}`);

  // Removal is asked in the app's dialog; cancelling keeps Gina in.
  await olgaTab.page.getByRole('button', { name: 'Actions for Gina Guest', exact: true }).click();
  const ginaItem = olgaTab.page.locator('ul[aria-label="Participants"] > li').filter({ hasText: 'Gina Guest' });
  await ginaItem.getByRole('button', { name: 'Remove', exact: true }).click();
  const confirm = olgaTab.page.getByRole('dialog', { name: 'Remove Gina Guest from the meeting?', exact: true });
  await confirm.waitFor();
  assert.match((await confirm.textContent()) ?? '', /admit/);
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
  await confirm.waitFor({ state: 'detached' });
  await gina.page.getByRole('button', { name: 'Leave', exact: true }).waitFor();

  // "End meeting for all" asks in the app's dialog too; cancelled here.
  await olgaTab.page.getByRole('button', { name: 'End meeting for all', exact: true }).click();
  const end = olgaTab.page.getByRole('dialog', { name: 'End the meeting for everyone?', exact: true });
  await end.getByRole('button', { name: 'Cancel', exact: true }).click();
  await end.waitFor({ state: 'detached' });
  assert.deepEqual(nativeDialogs, [], 'no native confirm() or alert()');

  // "Copy invitation": the link for the moderator; the guest who typed the code copies it as well.
  const link = `${cast.moot.url}/r/${cast.room.id}`;
  await chooseFromMore(olgaTab.page, 'Copy invitation');
  await olgaTab.page.getByRole('alert').filter({ hasText: 'Invitation copied' }).waitFor({ timeout: 10_000 });
  const fromOlga = await olgaTab.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(fromOlga.includes(link), `the invitation has the room's link: ${fromOlga}`);
  await chooseFromMore(gina.page, 'Copy invitation');
  await gina.page.getByRole('alert').filter({ hasText: 'Invitation copied' }).waitFor({ timeout: 10_000 });
  const fromGina = await gina.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(fromGina.includes(link), `the guest's invitation has the room's link: ${fromGina}`);
  assert.ok(fromGina.includes('Access code: sesame42'), `the guest's invitation has the access code: ${fromGina}`);
});
