// The meeting by keyboard alone, in a real Chromium page: a toggle keeps the focus after it
// flips, "More" is walked with the arrow keys and Escape returns to it, and a skip link leads
// past the bar to the main content.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let kim: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  kim = await addUser(moot, 'Kim Keyboard');
  room = await addRoom(moot, kim, 'Keyboard check');
});

/** The accessible name of the focused element (its aria-label or text), or its tag when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
  });
}

async function waitFocused(page: Page, name: string, why: string): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      last = await focused(page);
      return last === name;
    },
    { timeoutMs: 10_000, message: why },
  ).catch(() => {
    throw new Error(`${why}: the focus is on "${last}", not on "${name}"`);
  });
}

test('focus stays on the toggle pressed, "More" works with arrows and Escape, and a skip link leads to the main content', { timeout: 120_000 }, async () => {
  const { page } = await memberInMeeting(browsers, moot.url, kim, room.id, 'Kim (keyboard only)');

  // Each toggle flips its name when pressed; the focus must stay on it, not fall to the page.
  const toggles: [string, string][] = [
    ['Mute microphone', 'Unmute microphone'],
    ['Unmute microphone', 'Mute microphone'],
    ['Stop camera', 'Start camera'],
    ['Start camera', 'Stop camera'],
    ['Raise hand', 'Lower hand'],
    ['Lower hand', 'Raise hand'],
    ['Speaker view', 'Grid view'],
    ['Grid view', 'Speaker view'],
  ];
  for (const [before, after] of toggles) {
    await page.getByRole('button', { name: before, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: after, exact: true }).waitFor();
    await waitFocused(page, after, `after pressing "${before}"`);
  }

  // "More": open by keyboard, walk it with the arrow keys, Home and End.
  const more = page.getByRole('button', { name: 'More', exact: true });
  await more.focus();
  await page.keyboard.press('Enter');
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  const items = await page.locator('#more-menu button').evaluateAll((buttons) =>
    buttons.filter((b) => (b as HTMLElement).offsetParent !== null).map((b) => b.textContent?.trim() ?? ''),
  );
  assert.ok(items.length >= 3, `"More" has several items: ${items.join(', ')}`);
  await page.keyboard.press('ArrowDown');
  await waitFocused(page, items[0]!, 'ArrowDown from "More" goes to the first item');
  await page.keyboard.press('ArrowDown');
  await waitFocused(page, items[1]!, 'ArrowDown goes to the next item');
  await page.keyboard.press('End');
  await waitFocused(page, items[items.length - 1]!, 'End goes to the last item');
  await page.keyboard.press('ArrowDown');
  await waitFocused(page, items[0]!, 'ArrowDown from the last item wraps to the first');
  await page.keyboard.press('ArrowUp');
  await waitFocused(page, items[items.length - 1]!, 'ArrowUp from the first item wraps to the last');
  await page.keyboard.press('Home');
  await waitFocused(page, items[0]!, 'Home goes to the first item');

  // Escape closes it and hands the focus back to "More".
  await page.keyboard.press('Escape');
  await page.locator('#more-menu').waitFor({ state: 'detached' });
  await waitFocused(page, 'More', 'Escape from the menu returns to "More"');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');

  // Choosing an item also returns the focus to "More".
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  const audioOnly = page.locator('#more-menu button').filter({ hasText: 'Audio only' });
  await audioOnly.focus();
  await page.keyboard.press('Enter');
  await page.locator('#more-menu').waitFor({ state: 'detached' });
  await waitFocused(page, 'More', 'choosing an item returns to "More"');

  // The skip link is the first stop of the keyboard and leads to the main content.
  // Start from the top of the page, as after loading it.
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  await page.keyboard.press('Tab');
  await waitFocused(page, 'Skip to main content', 'the first Tab reaches the skip link');
  assert.ok(await page.getByRole('link', { name: 'Skip to main content' }).isVisible(), 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  await waitFor(async () => page.evaluate(() => document.activeElement?.id === 'meeting-main'), {
    timeoutMs: 10_000,
    message: 'the skip link moves the focus to the main content',
  });
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
});
