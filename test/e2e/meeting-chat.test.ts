// Chat in the meeting, in real Chromium pages: the log keeps following new messages after a
// tall one (for the sender and for a phone), web addresses become safe links and nothing else
// becomes markup, and a phone with the chat closed shows how many messages are unread.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId } from '../helpers/browser.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Desk', bob: 'Bob Phone' }, { name: 'Chat check', owner: 'alice' });

const chatLog = (page: Page) => page.getByRole('log', { name: 'Chat' });

/** Sends at a person's pace: the server takes a burst of five chat messages, then one a second. */
async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForTimeout(1100);
}

/** Waits until the message containing `text` is in the log and its end is scrolled into view. */
async function waitShownAtEnd(page: Page, text: string, who: string): Promise<void> {
  let last: unknown;
  await waitFor(
    async () => {
      last = await chatLog(page).evaluate((log, text) => {
        const message = [...log.querySelectorAll('article')].find((a) => a.textContent?.includes(text));
        if (!message) return { found: false };
        const box = message.getBoundingClientRect();
        const view = log.getBoundingClientRect();
        return { found: true, bottom: box.bottom, viewBottom: view.bottom, top: box.top, viewTop: view.top, atEnd: log.scrollHeight - log.scrollTop - log.clientHeight };
      }, text);
      const r = last as { found: boolean; bottom: number; viewBottom: number; atEnd: number };
      return r.found && r.bottom <= r.viewBottom + 1 && r.atEnd < 2;
    },
    { timeoutMs: 15_000, message: `${who}: "${text}" scrolled into view` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last reading ${JSON.stringify(last)}`);
  });
}

test('chat follows new messages after a tall one, links are safe, and a phone shows unread messages', { timeout: 180_000 }, async () => {
  const desk = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (desktop, sends)');
  const phone = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (phone)', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
  });
  await participantId(desk.page, 'Bob Phone');
  const chatButton = phone.page.getByRole('button', { name: 'Chat', exact: true });

  // Enough short messages to fill the log, then one taller than the log, then a short one.
  for (let i = 1; i <= 12; i++) await send(desk.page, `warm-up message ${i}`);
  const tall = `tall message ${'lorem ipsum dolor sit amet '.repeat(70)}`.slice(0, 2000);
  await send(desk.page, tall);
  await send(desk.page, 'after the tall one');
  await waitShownAtEnd(desk.page, 'after the tall one', 'the sender');

  // The phone has its chat closed: the button counts the unread messages.
  await waitFor(async () => (await chatButton.getAttribute('aria-describedby')) !== null, { timeoutMs: 15_000, message: 'an unread badge on Chat' });
  const badge = phone.page.locator(`#${await chatButton.getAttribute('aria-describedby')}`);
  await waitFor(async () => ((await badge.textContent()) ?? '').startsWith('14'), { timeoutMs: 15_000, message: 'the badge counts 14' });
  assert.match((await badge.textContent()) ?? '', /^14 unread messages$/);
  assert.ok(await badge.isVisible(), 'the badge is visible');

  // Opening the chat shows the newest message and clears the badge.
  await chatButton.tap();
  await waitShownAtEnd(phone.page, 'after the tall one', 'the phone on opening the chat');
  await waitFor(async () => (await chatButton.getAttribute('aria-describedby')) === null, { timeoutMs: 15_000, message: 'the badge is gone' });

  // While open, another tall message and a short one are followed too.
  await send(desk.page, tall.replace('tall message', 'second tall message'));
  await send(desk.page, 'see https://example.org/agenda?day=1. and javascript:alert(1) <b>bold</b>');
  await waitShownAtEnd(phone.page, 'see https://example.org/agenda', 'the phone with the chat open');

  // The address is a link that opens apart from the meeting; nothing else became markup.
  const message = chatLog(phone.page).locator('article').filter({ hasText: 'see https://example.org/agenda' });
  const links = message.locator('a');
  assert.equal(await links.count(), 1);
  assert.equal(await links.getAttribute('href'), 'https://example.org/agenda?day=1');
  assert.equal(await links.getAttribute('target'), '_blank');
  assert.equal(await links.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await message.locator('b').count(), 0);
  assert.match((await message.textContent()) ?? '', /javascript:alert\(1\) <b>bold<\/b>/);

  // The phone's own message is followed as well.
  await send(phone.page, 'reply from the phone');
  await waitShownAtEnd(phone.page, 'reply from the phone', 'the phone as sender');
});
