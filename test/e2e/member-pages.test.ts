// The member's pages in the browser: a room form refused for an unknown moderator creates no
// room and says which email has no account; a co-moderator finds the room under "Rooms you
// moderate"; deleting asks in the app's own dialog, never window.confirm(); the header fits a
// 390×844 phone.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addRoom, addUser, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let coModerator: TestUser;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Olive Owner');
  coModerator = await addUser(moot, 'Cyril Comod');
});

function roomNames(userId: string): string[] {
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'), { readonly: true });
  try {
    return (db.prepare('select name from rooms where owner_id = ? order by created_at').all(userId) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** A native dialog (alert, confirm, prompt) fails the test: the app has its own. */
function refuseNativeDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return seen;
}

test('a room form with an unknown moderator creates no room and names the email; corrected, it creates one', { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('owner');
  try {
    await signIn(p.page, moot.url, owner.email, owner.password);
    const form = p.page.locator('section', { has: p.page.getByRole('heading', { name: 'New room' }) });
    await form.getByRole('textbox', { name: 'Name' }).fill('Monday training');
    await form.getByRole('textbox', { name: 'Moderators' }).fill(`${coModerator.email}, nobody@example.test`);
    await form.getByRole('checkbox', { name: "Moderators may record this room's meetings" }).uncheck();
    await form.getByRole('spinbutton', { name: 'Delete recordings after (days)' }).fill('14');
    await form.getByRole('button', { name: 'Create room' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /No account uses nobody@example\.test\. Check the spelling/);
    assert.doesNotMatch(await alert.innerText(), /not understood/);
    assert.deepEqual(roomNames(owner.id), [], 'the refused form wrote nothing');
    assert.equal(await p.page.locator('li.room').count(), 0);
    assert.equal(await form.getByRole('textbox', { name: 'Name' }).inputValue(), 'Monday training', 'the form keeps what was typed');

    await form.getByRole('textbox', { name: 'Moderators' }).fill(coModerator.email);
    await form.getByRole('button', { name: 'Create room' }).click();
    await p.page.locator('li.room', { hasText: 'Monday training' }).waitFor();
    assert.deepEqual(roomNames(owner.id), ['Monday training'], 'one room, not two');

    await p.page.getByRole('button', { name: 'Edit' }).click();
    const edit = p.page.locator('li.room form');
    assert.equal(await edit.getByRole('checkbox', { name: "Moderators may record this room's meetings" }).isChecked(), false);
    assert.equal(await edit.getByRole('spinbutton', { name: 'Delete recordings after (days)' }).inputValue(), '14');
    assert.equal(await edit.getByRole('textbox', { name: 'Moderators' }).inputValue(), coModerator.email);
  } finally {
    await p.close();
  }
});

test('a member named moderator of a room sees it under "Rooms you moderate"', { timeout: 120_000 }, async () => {
  const room = await addRoom(moot, owner, 'Board meeting');
  await moot.cli(['room', 'moderators', room.id, '--set', coModerator.email, '--json']);
  const p = await browsers.newParticipant('co-moderator');
  try {
    await signIn(p.page, moot.url, coModerator.email, coModerator.password);
    const section = p.page.getByRole('region', { name: 'Rooms you moderate' });
    const item = section.locator('li', { hasText: 'Board meeting' });
    await item.waitFor();
    assert.match(await item.innerText(), /Olive Owner's room/);
    assert.equal(await item.getByRole('textbox', { name: 'Join link for Board meeting' }).inputValue(), room.url);
    await item.getByRole('link', { name: 'Open' }).click();
    await waitFor(() => new URL(p.page.url()).pathname === `/r/${room.id}`, { message: 'the room page' });
  } finally {
    await p.close();
  }
});

test("deleting a room asks in the app's dialog: Cancel keeps it, Delete removes it", { timeout: 120_000 }, async () => {
  await addRoom(moot, owner, 'Old room');
  const p = await browsers.newParticipant('owner deleting');
  const native = refuseNativeDialogs(p.page);
  try {
    await signIn(p.page, moot.url, owner.email, owner.password);
    const item = p.page.locator('li.room', { hasText: 'Old room' });
    const deleteButton = item.getByRole('button', { name: 'Delete' });
    await deleteButton.click();
    const dialog = p.page.getByRole('dialog', { name: 'Delete the room “Old room”?' });
    await dialog.waitFor();
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'Cancel holds the focus');
    await p.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Delete', 'focus is back on Delete');
    assert.ok(roomNames(owner.id).includes('Old room'));

    await deleteButton.click();
    await dialog.getByRole('button', { name: 'Delete room' }).click();
    await item.waitFor({ state: 'detached' });
    assert.ok(!roomNames(owner.id).includes('Old room'));
    assert.deepEqual(native, [], 'no native dialog');
  } finally {
    await p.close();
  }
});

test('the member page fits a 390×844 phone: no sideways scroll, the header on screen', { timeout: 120_000 }, async () => {
  const p = await browsers.newParticipant('phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  try {
    await signIn(p.page, moot.url, owner.email, owner.password);
    await p.page.getByRole('heading', { name: 'Your rooms' }).waitFor();
    const widths = await p.page.evaluate(() => ({ doc: document.documentElement.scrollWidth, header: document.querySelector('header.top')!.scrollWidth }));
    assert.ok(widths.doc <= 390, `the page is ${widths.doc} px wide`);
    assert.ok(widths.header <= 390, `the header is ${widths.header} px wide`);
    const account = p.page.getByRole('button', { name: /^Account:/ });
    for (const control of [p.page.getByRole('link', { name: 'Recordings' }), account]) {
      const box = await control.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `inside the width: ${JSON.stringify(box)}`);
    }
    await account.click();
    const signOut = p.page.getByRole('button', { name: 'Sign out everywhere' });
    const box = await signOut.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the open menu stays on screen: ${JSON.stringify(box)}`);
  } finally {
    await p.close();
  }
});
