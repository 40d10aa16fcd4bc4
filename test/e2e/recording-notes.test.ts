// A recorded meeting's shared notes and published polls stay with its recording, in real Chromium
// pages against a real server and Janus: the notes as the meeting ended (a line typed after the
// recording stopped included), shown as text and never as HTML, downloadable as Markdown; only
// the published poll. The recording's own rules decide who reads them: its owner, a link holder,
// nobody else (the same 404 or 401 as the recording). The export and a backup carry them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { routes, type RecordedMeetingView, type SharedRecordingView } from '@moot/protocol';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting } from '../helpers/browser.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { chooseFromMore, endMeetingForAll } from '../helpers/meeting-ui.ts';
import { makeTempDir, runCli, type Moot } from '../helpers/moot.ts';
import { processed, record } from '../helpers/recordings.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const scratch = makeTempDir('moot-recording-notes-');
const keyFile = join(scratch, 'recordings.key');
const suite = serverWithBrowsers({ env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
const { browsers } = suite;
let moot: Moot;
let olga: TestUser;
let otto: TestUser;
let room: TestRoom;

const during = '# Training\n- **first** point\n<img src=x onerror="document.title=\'pwned\'">';
const after = 'Added after the recording stopped';

before(async () => {
  moot = await suite.start();
  olga = await addUser(moot, 'Olga Owner');
  otto = await addUser(moot, 'Otto Other');
  room = await addRoom(moot, olga, 'Recorded training');
});

const notesBox = (page: Page) => page.getByRole('textbox', { name: 'Notes', exact: true });
const pollCard = (page: Page) => page.getByRole('region', { name: 'Poll' });

async function typeNotes(page: Page, text: string): Promise<void> {
  if (!(await notesBox(page).isVisible())) await page.getByRole('button', { name: 'Notes', exact: true }).click();
  await waitFor(async () => (await notesBox(page).getAttribute('readonly')) === null, { message: 'the notes editable' });
  await notesBox(page).click();
  await notesBox(page).press('Control+End');
  await notesBox(page).pressSequentially(text, { delay: 5 });
}

async function askAndClose(page: Page, question: string, answers: string, choose: string, close: string): Promise<void> {
  const card = pollCard(page);
  // The card stays open after a poll, offering the next one.
  if (await card.count()) await card.getByRole('button', { name: 'New poll' }).click();
  else await chooseFromMore(page, 'Poll');
  await card.getByRole('textbox', { name: 'Question' }).fill(question);
  await card.getByRole('textbox', { name: 'Answers, one per line' }).fill(answers);
  await card.getByRole('checkbox', { name: 'Anonymous: nobody sees who answered what' }).uncheck();
  await card.getByRole('button', { name: 'Ask' }).click();
  await card.getByRole('radio', { name: choose }).check();
  await card.getByRole('button', { name: 'Send answer' }).click();
  await card.getByText('Your answer was sent.', { exact: false }).waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: close }).click();
  await card.getByRole('button', { name: 'New poll' }).waitFor({ timeout: 15_000 });
}

test('the notes as the meeting ended and the published poll are kept with the recording, for those who may watch it only', { timeout: 300_000 }, async () => {
  const olgaTab = await memberInMeeting(browsers, moot.url, olga, room.id, 'Olga (moderator, records)');
  const page = olgaTab.page;
  await record(page, [], async () => {
    await typeNotes(page, during);
    await askAndClose(page, 'Which day suits you?', 'Monday\nFriday', 'Friday', 'Close and show results');
    await askAndClose(page, 'Kept to the moderators?', 'Yes please\nNo thanks', 'Yes please', 'Close without showing');
  });
  await pollCard(page).getByRole('button', { name: 'Close', exact: true }).click();
  await typeNotes(page, `\n${after}`);
  assert.ok((await notesBox(page).inputValue()).endsWith(after));
  // The page sends its changes in batches, about ten a second: let the last one leave.
  await page.waitForTimeout(1000);
  await endMeetingForAll(page);

  const recording = await processed(moot, room.url);
  assert.equal(recording.state, 'ready', recording.error ?? '');
  const ownerHttp = await signedIn(moot, olga);
  const kept = await waitFor(
    async () => {
      const answer = await ownerHttp.get<RecordedMeetingView>(routes.recordingMeeting(recording.id));
      assert.equal(answer.status, 200, answer.text);
      return answer.body.notes?.endsWith(after) ? answer.body : null;
    },
    { timeoutMs: 15_000, message: 'the notes as the meeting ended' },
  );
  assert.equal(kept.notes, `${during}\n${after}`);
  assert.deepEqual(
    kept.polls.map((p) => [p.question, p.options, p.counts, p.names]),
    [['Which day suits you?', ['Monday', 'Friday'], [0, 1], [[], ['Olga Owner']]]],
    'only the published poll, with what everyone saw',
  );

  // Someone without access to the recording learns nothing, exactly as for the recording itself.
  const ottoHttp = await signedIn(moot, otto);
  const nobody = new HttpClient(moot.url);
  for (const [who, http, status] of [['another member', ottoHttp, 404], ['anonymous', nobody, 401]] as const) {
    const meeting = await http.get(routes.recordingMeeting(recording.id));
    const itself = await http.get(routes.recording(recording.id));
    assert.equal(meeting.status, status, `${who}: ${meeting.text}`);
    assert.deepEqual([meeting.status, meeting.body], [itself.status, itself.body], `${who} gets the same answer as for the recording`);
  }
  assert.equal((await ottoHttp.get(routes.recordingMeeting('AAAAAAAAAAAAAAAAAAAAAA'))).status, 404);
  await ownerHttp.post(routes.recordingShares(recording.id), { email: otto.email });
  assert.equal((await ottoHttp.get(routes.recordingMeeting(recording.id))).status, 200, 'sharing the recording shares them');

  // The owner's recordings page: the notes as text (the HTML typed stays words), the poll, the download.
  await page.goto(`${moot.url}/recordings`);
  const item = page.getByRole('listitem', { name: 'Recorded training' });
  await item.getByRole('button', { name: 'Play' }).click();
  const notes = item.getByRole('region', { name: 'Shared notes' });
  await notes.getByText(after).waitFor();
  assert.equal(await notes.locator('img').count(), 0, 'no HTML from the notes is rendered');
  assert.match((await notes.textContent()) ?? '', /<img src=x onerror=/);
  assert.notEqual(await page.title(), 'pwned');
  const polls = item.getByRole('region', { name: 'Polls' });
  await polls.getByText('Which day suits you?').waitFor();
  assert.equal(await polls.getByText('Kept to the moderators?').count(), 0);
  const [download] = await Promise.all([page.waitForEvent('download'), notes.getByRole('button', { name: 'Download as Markdown' }).click()]);
  const file = readFileSync((await download.path())!, 'utf8');
  assert.match(download.suggestedFilename(), /^Recorded training \d{4}-\d\d-\d\d\.md$/);
  assert.ok(file.startsWith('# Recorded training') && file.includes(during) && file.includes(after), file);

  // A link holder sees them on the link's page; a wrong token opens nothing.
  const made = await ownerHttp.post(routes.recordingShareLinks(recording.id), { days: 1 });
  assert.equal(made.status, 201, made.text);
  const url = (made.body.link as { url: string }).url;
  const opened = await nobody.post<{ recording: SharedRecordingView }>(routes.sharedRecording, { token: new URL(url).hash.slice(1) });
  assert.deepEqual(opened.body.recording.meeting, kept);
  const forged = await nobody.post(routes.sharedRecording, { token: 'A'.repeat(43) });
  assert.equal(forged.status, 404);
  assert.equal(forged.body.meeting, undefined);
  const holder = await browsers.newParticipant('Link holder');
  await holder.page.goto(url);
  await holder.page.getByRole('region', { name: 'Shared notes' }).getByText(after).waitFor();
  await holder.page.getByRole('region', { name: 'Polls' }).getByText('Which day suits you?').waitFor();

  // The export's metadata holds them.
  const exported = join(scratch, 'exported.webm');
  await moot.cli(['recording', 'export', recording.id, exported, '--json']);
  assert.deepEqual((JSON.parse(readFileSync(`${exported}.json`, 'utf8')) as { meeting: RecordedMeetingView }).meeting, kept);

  // A backup carries them: restored elsewhere, the recording still knows its meeting's notes.
  const archive = join(scratch, 'backup.tar');
  await moot.cli(['backup', 'create', archive, '--json']);
  const restoredDir = makeTempDir('moot-recording-notes-restored-');
  await runCli({ MOOT_DATA_DIR: restoredDir, MOOT_RECORDINGS_KEY_FILE: keyFile }, ['backup', 'restore', archive, '--json']);
  const restored = new Database(join(restoredDir, 'moot.sqlite'), { readonly: true });
  try {
    const row = restored.prepare('SELECT notes FROM recording_meetings WHERE recording_id = ?').get(recording.id) as { notes: string } | undefined;
    assert.equal(row?.notes, kept.notes);
  } finally {
    restored.close();
  }
});
