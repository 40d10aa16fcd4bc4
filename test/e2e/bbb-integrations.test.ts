// Integrations nobody here wrote drive a whole meeting through the BigBlueButton API: Moodle's
// PHP signing creates it, the Ruby gem's signing (as Greenlight does) and the npm
// bigbluebutton-js client make join URLs that real Chromium pages open, landing in the meeting
// with the right role; getMeetingInfo lists them, end ends it for both; the recording made in
// the meeting appears in getRecordings, and its playback opens only through the link handed out.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import bbb from 'bigbluebutton-js';
import { test } from '../helpers/diagnostics.ts';
import { bbbCall, phpUrl, rubyUrl } from '../helpers/bbb.ts';
import { waitInMeeting } from '../helpers/browser.ts';
import { HttpClient } from '../helpers/http.ts';
import { participantItem } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { record } from '../helpers/recordings.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let secret: string;
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  secret = (await moot.cli<{ secret: string }>(['bbb', 'secret', '--json'])).secret;
});

const asList = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

test('Moodle, Greenlight and bigbluebutton-js signing: create, join in Chromium with the right role, getMeetingInfo, end, a recording behind its link', { timeout: 420_000 }, async () => {
  const api = bbb.api(`${moot.url}/bigbluebutton`, secret);
  const meetingID = 'moodle-course-42 Ünit 1';

  // Moodle creates the meeting (http_build_query + sha1), recording allowed.
  const created = await bbbCall(phpUrl(moot.url, secret, 'create', { meetingID, name: 'Physics: Week 1', attendeePW: 'ap-123', moderatorPW: 'mp-456', record: 'true', welcome: 'Hello & welcome' }));
  assert.equal(created.response.returncode, 'SUCCESS', created.text);
  assert.equal(created.response.meetingID, meetingID);

  // The teacher's join URL from the Ruby gem's signing (sorted, encode_www_form_component, sha256); the student's from bigbluebutton-js.
  const teacherJoin = await bbbCall(rubyUrl(moot.url, secret, 'join', { meetingID, fullName: 'Tess Teacher', password: 'mp-456', userID: 'gl-1' }));
  assert.equal(teacherJoin.status, 302, teacherJoin.text);
  const studentJoin = await bbbCall(api.administration.join('Stu Student', meetingID, 'ap-123', { userID: 'js-2' }));
  assert.equal(studentJoin.status, 302, studentJoin.text);

  const teacher = await browsers.newParticipant('Tess (BBB moderator)');
  await teacher.page.goto(teacherJoin.location!);
  assert.equal(new URL(teacher.page.url()).hash, '', 'the ticket leaves the address bar at once');
  await teacher.page.getByRole('button', { name: 'Join' }).click();
  await waitInMeeting(teacher.page);
  const student = await browsers.newParticipant('Stu (BBB viewer)');
  await student.page.goto(studentJoin.location!);
  assert.equal(await student.page.getByRole('textbox', { name: 'Your name' }).count(), 0, 'the ticket names the person');
  await student.page.getByRole('button', { name: 'Join' }).click();
  await waitInMeeting(student.page);

  // The roles show: only the teacher may end the meeting, and the list marks the moderator.
  await teacher.page.getByRole('button', { name: 'End meeting for all' }).waitFor();
  assert.equal(await student.page.getByRole('button', { name: 'End meeting for all' }).count(), 0, 'a viewer cannot end the meeting');

  const info = await bbb.http(api.monitoring.getMeetingInfo(meetingID));
  assert.equal(info.returncode, 'SUCCESS');
  assert.equal(String(info.running), 'true');
  const attendees = asList(info.attendees?.attendee) as { fullName: string; role: string; userID: string }[];
  assert.deepEqual(
    attendees.map((x) => [x.fullName, x.role, String(x.userID)]).sort(),
    [
      ['Stu Student', 'VIEWER', 'js-2'],
      ['Tess Teacher', 'MODERATOR', 'gl-1'],
    ],
  );
  const teacherId = await waitFor(async () => (await teacher.page.locator('ul[aria-label="Participants"] > li[data-participant-id]').filter({ hasText: 'Tess Teacher' }).getAttribute('data-participant-id')) ?? null, { timeoutMs: 10_000, message: 'the teacher in the list' });
  assert.match((await participantItem(student.page, teacherId).textContent()) ?? '', /moderator/);

  // The teacher records a few seconds, then the integration ends the meeting for everyone.
  await record(teacher.page, [student.page]);
  const ended = await bbb.http(api.administration.end(meetingID, 'mp-456'));
  assert.equal(ended.messageKey, 'sentEndMeetingRequest');
  for (const page of [teacher.page, student.page]) await page.getByRole('heading', { name: 'The meeting has ended' }).waitFor({ timeout: 15_000 });
  assert.equal(String((await bbb.http(api.monitoring.isMeetingRunning(meetingID))).running), 'false');

  const recording = await waitFor(
    async () => {
      const answer = await bbb.http(api.recording.getRecordings({ meetingID }));
      return (asList(answer.recordings) as Record<string, any>[]).find((r) => r.state === 'published') ?? null;
    },
    { timeoutMs: 180_000, intervalMs: 2000, message: 'the recording in getRecordings' },
  );
  assert.equal(recording.meetingID, meetingID);
  const playback = String(recording.playback.format.url);
  assert.match(playback, new RegExp(`^${moot.url}/watch#`));

  // Without the link the recording's media is refused; with it, moot's player plays it.
  assert.equal((await new HttpClient(moot.url).get(`/api/recordings/${recording.recordID}/media`)).status, 401);
  await student.page.goto(`${moot.url}/watch#not-a-real-link-token-000000000000000000000`);
  await student.page.getByText('This link has expired or was revoked', { exact: false }).waitFor({ timeout: 15_000 });
  await teacher.page.goto(playback);
  await teacher.page.locator('video').waitFor({ timeout: 15_000 });
  const duration = await waitFor(
    () => teacher.page.locator('video').evaluate((v: HTMLVideoElement) => (v.readyState >= 1 && Number.isFinite(v.duration) && v.duration > 0 ? v.duration : null)),
    { timeoutMs: 20_000, message: 'the recording’s video to load' },
  );
  assert.ok(duration >= 3, `the recorded seconds play back (duration ${duration} s)`);
});
