// The page speaks the reader's language: a Persian browser gets Persian, right to left; the
// picker switches to German and the choice outlives a reload; the meeting itself (side panel,
// chat, dialogs) is mirrored for Persian.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, type TestRoom } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

let moot: Moot;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  const owner = await addUser(moot, 'Olga Owner');
  room = await addRoom(moot, owner, 'Salon', 'link');
});

async function documentLanguage(page: Page): Promise<{ lang: string; dir: string }> {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

async function box(locator: Locator): Promise<{ x: number; width: number }> {
  const found = await locator.boundingBox();
  assert.ok(found, 'the element is laid out');
  return found;
}

test('a Persian browser sees the pre-join screen in Persian, right to left; the picker switches to German and it is remembered', { timeout: 90_000 }, async () => {
  const reader = await browsers.newParticipant('Persian reader', { locale: 'fa-IR' });
  const { page } = reader;
  try {
    await page.goto(`${moot.url}/r/${room.id}`);
    await page.getByRole('button', { name: 'پیوستن' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'fa', dir: 'rtl' });
    await page.getByRole('textbox', { name: 'نام شما' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Join', exact: true }).count(), 0, 'no English button is left');

    // Wide screens put the preview and the fields side by side: mirrored, the preview is on the right.
    const preview = await box(page.locator('.preview'));
    const fields = await box(page.locator('.prejoin-fields'));
    assert.ok(preview.x > fields.x, `the preview (x=${preview.x}) is right of the fields (x=${fields.x})`);

    await page.getByRole('combobox', { name: 'زبان' }).selectOption('de');
    await page.getByRole('button', { name: 'Teilnehmen' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'de', dir: 'ltr' });
    await page.getByRole('textbox', { name: 'Ihr Name' }).waitFor();
    const previewLtr = await box(page.locator('.preview'));
    const fieldsLtr = await box(page.locator('.prejoin-fields'));
    assert.ok(previewLtr.x < fieldsLtr.x, 'left to right again, the preview is on the left');

    await page.reload();
    await page.getByRole('button', { name: 'Teilnehmen' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'de', dir: 'ltr' });
  } finally {
    await reader.close();
  }
});

test('in Persian the meeting is mirrored: the side panel on the left, chat and dialogs in Persian and right to left', { timeout: 120_000 }, async () => {
  const guest = await browsers.newParticipant('Persian guest', { locale: 'fa-IR' });
  const { page } = guest;
  try {
    await page.goto(`${moot.url}/r/${room.id}`);
    await page.getByRole('textbox', { name: 'نام شما' }).fill('Dariush');
    await page.getByRole('button', { name: 'پیوستن' }).click();
    const leave = page.getByRole('button', { name: 'ترک', exact: true });
    await leave.waitFor({ timeout: 30_000 });

    const side = await box(page.locator('aside.sidebar'));
    const tiles = await box(page.locator('#meeting-main'));
    assert.ok(side.x + side.width <= tiles.x + 1, `the side panel (x=${side.x}) is left of the tiles (x=${tiles.x})`);
    await page.getByRole('heading', { name: 'پیام‌ها' }).waitFor();

    await page.getByRole('textbox', { name: 'پیام' }).fill('سلام به همه');
    await page.getByRole('button', { name: 'فرستادن' }).click();
    await page.getByRole('log', { name: 'گفتگو' }).getByText('سلام به همه').waitFor();

    await page.getByRole('button', { name: 'تنظیمات' }).click();
    const dialog = page.getByRole('dialog', { name: 'تنظیمات' });
    await dialog.waitFor();
    assert.equal(await dialog.evaluate((element) => getComputedStyle(element).direction), 'rtl');
    await dialog.getByRole('combobox', { name: 'دوربین' }).waitFor();
    await dialog.getByRole('button', { name: 'تمام' }).click();
    await dialog.waitFor({ state: 'detached' });

    await leave.click();
    await page.getByRole('heading', { name: 'جلسه را ترک کردید' }).waitFor();
  } finally {
    await guest.close();
  }
});
