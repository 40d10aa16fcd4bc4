// What a visitor sees when they cannot enter: members-only room, unknown room, wrong access code.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { errorMessages } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest } from '../helpers/browser.ts';
import { addRoom, addUser, unknownRoomId, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let alice: TestUser;
let membersOnly: TestRoom;
let coded: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  membersOnly = await addRoom(moot, alice, 'Members only', 'off');
  coded = await addRoom(moot, alice, 'Coded', 'code', 'abcd1234');
});

async function alertText(page: Page, expected: string) {
  return waitFor(
    async () => {
      const texts = await page.getByRole('alert').allTextContents();
      return texts.some((t) => t.includes(expected)) ? texts : null;
    },
    { timeoutMs: 15_000, message: `an alert saying "${expected}"` },
  );
}

test('a guest is refused in a members-only room with the members-only message', { timeout: 120_000 }, async () => {
  const g = await browsers.newParticipant('guest');
  try {
    await g.page.goto(`${moot.url}/r/${membersOnly.id}`);
    const alert = g.page.getByRole('alert').filter({ hasText: errorMessages['members-only'] });
    const name = g.page.getByRole('textbox', { name: 'Your name' });
    await alert.or(name).first().waitFor({ timeout: 15_000 });
    if ((await alert.count()) === 0) {
      // The page lets the guest try; the server must refuse.
      await name.fill('Gail Guest');
      await g.page.getByRole('button', { name: 'Join' }).click();
    }
    await alertText(g.page, errorMessages['members-only']);
    assert.equal(await g.page.getByRole('button', { name: 'Leave' }).count(), 0, 'not in the meeting');
  } finally {
    await g.close();
  }
});

test('an unknown room shows "Room not found"', { timeout: 60_000 }, async () => {
  const g = await browsers.newParticipant('visitor');
  try {
    await g.page.goto(`${moot.url}/r/${unknownRoomId()}`);
    await g.page.getByRole('heading', { name: 'Room not found' }).waitFor({ timeout: 15_000 });
    assert.equal(await g.page.getByRole('button', { name: 'Join' }).count(), 0);
  } finally {
    await g.close();
  }
});

test('a wrong access code is refused with its message; the right one lets the guest in', { timeout: 120_000 }, async () => {
  const g = await browsers.newParticipant('guest with code');
  try {
    await joinAsGuest(g.page, moot.url, coded.id, 'Gail Guest', 'wrong999', { expectMeeting: false });
    await alertText(g.page, errorMessages['wrong-access-code']);
    assert.equal(await g.page.getByRole('button', { name: 'Leave' }).count(), 0, 'not in the meeting');

    await g.page.getByRole('textbox', { name: 'Access code' }).fill('abcd1234');
    await g.page.getByRole('button', { name: 'Join' }).click();
    await g.page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 30_000 });
    await g.page.getByRole('button', { name: 'Leave' }).click();
  } finally {
    await g.close();
  }
});
