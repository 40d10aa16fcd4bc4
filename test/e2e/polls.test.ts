// Polls in real Chromium pages: a moderator asks a named question, answers from a phone-sized
// page and a guest reach the moderator live with names, the published result reaches everyone,
// and the result is kept for the room's owner (not for another member, nor for a guest).
// Over plain sockets: a malformed poll and a flood of answers get their specific errors.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import type { Page } from 'playwright-core';
import { pollResultsPath, type PollResultsResponse } from '@moot/protocol';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, memberInMeeting, participantId } from '../helpers/browser.ts';
import { signedIn, Sockets } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { chooseFromMore } from '../helpers/meeting-ui.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Teacher', bob: 'Bob Student' }, { name: 'Poll class', owner: 'alice', guests: 'link' });
const sockets = new Sockets();
afterEach(() => sockets.closeAll());

const card = (page: Page) => page.getByRole('region', { name: 'Poll' });

/** The count shown for an option in the results, once it reads `count`. */
async function waitForCount(page: Page, who: string, option: string, count: string): Promise<void> {
  const item = card(page).getByRole('list', { name: 'Results' }).getByRole('listitem').filter({ hasText: option });
  await waitFor(async () => (await item.locator('.poll-count').textContent().catch(() => null)) === count, {
    timeoutMs: 15_000,
    message: `${who} sees ${count} for "${option}"`,
  });
}

test('a named poll: answers reach the moderator live with names, the published result reaches everyone and is kept for the owner only', { timeout: 240_000 }, async () => {
  const teacher = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (moderator)');
  const phone = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (phone)', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const guest = await browsers.newParticipant('Gina (guest)');
  await joinAsGuest(guest.page, cast.moot.url, cast.room.id, 'Gina Guest');
  await participantId(teacher.page, 'Gina Guest');

  await chooseFromMore(teacher.page, 'Poll');
  const form = card(teacher.page);
  await form.getByRole('textbox', { name: 'Question' }).fill('Which day suits you?');
  await form.getByRole('textbox', { name: 'Answers, one per line' }).fill('Monday\nTuesday\nFriday');
  await form.getByRole('checkbox', { name: 'Anonymous: nobody sees who answered what' }).uncheck();
  assert.equal(await form.getByText('People on the phone cannot vote.').count(), 1, 'the moderator is told phone callers cannot vote');
  await form.getByRole('button', { name: 'Ask' }).click();

  // The question appears by itself for the others, the phone-sized page included.
  for (const [page, who, answer] of [[phone.page, 'Bob', 'Tuesday'], [guest.page, 'Gina', 'Friday']] as const) {
    await card(page).locator('p.poll-question', { hasText: 'Which day suits you?' }).waitFor({ timeout: 15_000 });
    assert.equal(await card(page).getByRole('list', { name: 'Results' }).count(), 0, `${who} sees no answers before they are published`);
    await card(page).getByRole('radio', { name: answer }).check();
    await card(page).getByRole('button', { name: 'Send answer' }).click();
    await card(page).getByText('Your answer was sent.', { exact: false }).waitFor({ timeout: 15_000 });
  }
  await waitForCount(teacher.page, 'the moderator', 'Tuesday', '1');
  await waitForCount(teacher.page, 'the moderator', 'Friday', '1');
  const tuesday = card(teacher.page).getByRole('listitem').filter({ hasText: 'Tuesday' });
  assert.match((await tuesday.locator('.poll-names').textContent()) ?? '', /Bob Student/, 'a named poll shows who chose what');

  // Bob changes his mind: the moderator's counts follow.
  await card(phone.page).getByRole('radio', { name: 'Friday' }).check();
  await card(phone.page).getByRole('button', { name: 'Change answer' }).click();
  await waitForCount(teacher.page, 'the moderator', 'Friday', '2');
  await waitForCount(teacher.page, 'the moderator', 'Tuesday', '0');

  await card(teacher.page).getByRole('button', { name: 'Close and show results' }).click();
  for (const [page, who] of [[phone.page, 'Bob'], [guest.page, 'Gina']] as const) {
    await waitForCount(page, who, 'Friday', '2');
    await waitForCount(page, who, 'Monday', '0');
    assert.equal(await card(page).getByRole('button', { name: 'Send answer' }).count(), 0, `${who} can no longer answer`);
  }

  // Kept with the meeting: the owner reads it; another member and a guest may not.
  const kept = await (await signedIn(cast.moot, cast.alice)).request<PollResultsResponse>('GET', pollResultsPath(cast.room.id));
  assert.equal(kept.status, 200);
  assert.equal(kept.body.polls.length, 1);
  const [result] = kept.body.polls;
  assert.deepEqual({ question: result?.question, options: result?.options, counts: result?.counts, voters: result?.voters, published: result?.published }, {
    question: 'Which day suits you?',
    options: ['Monday', 'Tuesday', 'Friday'],
    counts: [0, 0, 2],
    voters: 2,
    published: true,
  });
  assert.deepEqual(result?.names, [[], [], ['Bob Student', 'Gina Guest']]);
  const member = await (await signedIn(cast.moot, cast.bob)).request('GET', pollResultsPath(cast.room.id));
  assert.equal(member.status, 403);
  assert.equal(member.body.error.code, 'forbidden');
  const anonymous = await new HttpClient(cast.moot.url).request('GET', pollResultsPath(cast.room.id));
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.error.code, 'unauthenticated');
});

test('a poll without two answers is refused by its schema, a participant cannot ask, a flood of answers is told to slow down, and a promoted person sees the answers', async () => {
  const host = await sockets.member(cast.moot, cast.alice);
  await host.join({ room: cast.room.id });
  const student = await sockets.guest(cast.moot);
  const { self } = await student.join({ room: cast.room.id, name: 'Flooding Guest' });

  host.send({ type: 'pollCreate', question: 'Only one?', kind: 'single', options: ['Alone'], anonymous: true });
  const invalid = await host.nextError('pollCreate');
  assert.equal(invalid.code, 'invalid-message');
  assert.match(invalid.details?.join(' ') ?? '', /two answers/);

  student.send({ type: 'pollCreate', question: 'May I?', kind: 'yesno', options: [], anonymous: true });
  assert.equal((await student.nextError('pollCreate')).code, 'forbidden');

  host.send({ type: 'pollCreate', question: 'Ready?', kind: 'yesno', options: [], anonymous: true });
  const { poll } = await student.next('poll', (m) => m.poll.question === 'Ready?');
  student.send({ type: 'pollVote', pollId: poll.id, choices: [0, 1] });
  assert.equal((await student.nextError('pollVote')).code, 'poll-invalid-answer');
  for (let i = 0; i < 100; i++) student.send({ type: 'pollVote', pollId: poll.id, choices: [i % 2] });
  assert.equal((await student.nextError('pollVote')).code, 'poll-too-fast');
  // Promoted, the guest sees the answers so far like any moderator.
  host.send({ type: 'moderate', action: 'promote', target: self.id });
  const promoted = await student.next('poll', (m) => m.poll.id === poll.id && m.poll.results !== undefined);
  assert.equal(promoted.poll.results?.voters, 1);
  host.send({ type: 'moderate', action: 'demote', target: self.id });
  await student.next('poll', (m) => m.poll.id === poll.id && m.poll.results === undefined);
  host.send({ type: 'pollClose', pollId: poll.id, publish: false });
  await student.next('poll', (m) => m.poll.closed && m.poll.results === undefined);
  // Once the bucket has refilled, a late answer meets the closed poll itself.
  await sleep(3000);
  student.send({ type: 'pollVote', pollId: poll.id, choices: [0] });
  const refusal = await student.next('error', (m) => m.ref === 'pollVote' && m.code !== 'poll-too-fast');
  assert.equal(refusal.code, 'poll-closed');
});
