// Phone callers in breakout rooms, with a real SIP caller (SIPp) and real Janus mixes: when the
// moderator lets callers go along, a caller moved by hand into a breakout room leaves the main
// room's mix and is heard there (its tone, in a Chromium participant's mix in that room), hears
// that it moved, and is heard in the main room again once everyone is called back, both by the
// moderator who stayed there and by the browser that comes back from the caller's room.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { Browsers, chromiumPage, memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { chooseFromMore, setMic } from '../helpers/meeting-ui.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { mixPeakHz } from '../helpers/mix-peak.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';
import { freePort, freeUdpRange } from '../helpers/ports.ts';
import { callMoot, type SipCaller } from '../helpers/sip-caller.ts';
import { waitFor } from '../helpers/wait.ts';

const TONE_HZ = 660;
let server: RunningServer;
let baseUrl: string;
let sipTarget: string;
let olga: TestUser;
let bob: TestUser;
let room: TestRoom;
let pin: string;
const browsers = new Browsers();
let caller: SipCaller | undefined;

before(async () => {
  const sipPort = await freePort();
  sipTarget = `127.0.0.1:${sipPort}`;
  const { env, url } = await testServerEnv({ env: { MOOT_SIP_LISTEN: sipTarget, MOOT_SIP_RTP_PORTS: await freeUdpRange(20) } });
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env, args, stdin) };
  olga = await addUser(cli, 'Olga Owner');
  bob = await addUser(cli, 'Bob Student');
  room = await addRoom(cli, olga, 'Breakout call-in', 'link');
  // Guests may enter: the caller goes straight into the meeting.
  await runCli(env, ['settings', 'set', 'guests', 'on', '--json']);
  pin = (await runCli<{ dialIn: { pin: string } }>(env, ['room', 'show', room.id, '--json'])).dialIn.pin;
  server = await startInProcess(env);
  baseUrl = url;
});

after(async () => {
  caller?.stop();
  await browsers.close();
  await server?.stop();
});

const card = (page: Page) => page.getByRole('region', { name: 'Breakout rooms' });
const hears = (page: Page, want: 'sound' | 'silence') => waitForMix(chromiumPage(page), want, { timeoutMs: 45_000 });

/** Waits until the page's mix is dominated by the caller's tone. */
async function hearsTone(page: Page, who: string): Promise<void> {
  let hz = 0;
  await waitFor(async () => ((hz = await mixPeakHz(page)), Math.abs(hz - TONE_HZ) < 30 || null), {
    timeoutMs: 30_000,
    message: `${who} hearing the caller's ${TONE_HZ} Hz tone (strongest now: ${hz} Hz)`,
  }).catch((err: Error) => {
    throw new Error(`${err.message}; the strongest frequency was ${hz} Hz`);
  });
}

test('a phone caller moved to a breakout room is heard only there, is told so, and is heard in the main room again after the call back', { timeout: 360_000 }, async () => {
  const teacher = await memberInMeeting(browsers, baseUrl, olga, room.id, 'Olga (moderator)');
  const student = await memberInMeeting(browsers, baseUrl, bob, room.id, 'Bob');
  // Only the caller makes a sound: what each page hears is the caller or nothing.
  await setMic(student.page, false);
  await setMic(teacher.page, false);
  caller = await callMoot(sipTarget, { keys: `${pin}#`, number: '+4930123456', toneHz: TONE_HZ, callId: 'moot-breakout-phone' });
  await participantId(teacher.page, 'Phone …3456');
  await hearsTone(teacher.page, 'the moderator in the main room');
  await hearsTone(student.page, 'Bob in the main room');

  await chooseFromMore(teacher.page, 'Breakout rooms');
  const setup = card(teacher.page);
  await setup.getByRole('spinbutton', { name: 'Number of rooms' }).fill('2');
  await setup.getByRole('combobox', { name: 'Who goes where' }).selectOption({ label: 'I move people myself' });
  await setup.getByRole('checkbox', { name: 'Phone callers and people who only listen go to breakout rooms too' }).check();
  assert.equal(await setup.getByText('Phone callers and people who only listen stay in the main room.').count(), 0);
  await setup.getByRole('button', { name: 'Open rooms' }).click();

  await card(teacher.page).getByRole('combobox', { name: 'Room for Bob Student' }).selectOption({ label: 'Room 1' });
  await card(student.page).getByText('You are in: Room 1').waitFor({ timeout: 15_000 });
  // Room 1 holds only Bob, muted: whatever the caller hears from now on is moot's prompt.
  await hears(student.page, 'silence');
  const prompt = caller.heardLevel(4);
  await card(teacher.page).getByRole('combobox', { name: 'Room for Phone …3456' }).selectOption({ label: 'Room 1' });
  await card(teacher.page).getByRole('list', { name: 'Room 1' }).getByText('Phone …3456').waitFor({ timeout: 15_000 });
  const promptLevel = await prompt;
  assert.ok(promptLevel > -40, `the caller heard no prompt on moving (${promptLevel} dBFS)`);

  await hearsTone(student.page, 'Bob in room 1');
  await hears(teacher.page, 'silence');

  const back = caller.heardLevel(4);
  await card(teacher.page).getByRole('button', { name: 'Call everyone back' }).click();
  await student.page.getByText('You are back in the main room.').waitFor({ timeout: 15_000 });
  const backLevel = await back;
  assert.ok(backLevel > -40, `the caller heard no prompt on coming back (${backLevel} dBFS)`);
  await hearsTone(teacher.page, 'the moderator after the call back');
  await hearsTone(student.page, 'Bob after the call back');
  const roster = server.services.meetings.meetingOf(room.id)?.roster.all().filter((p) => p.kind === 'rtp') ?? [];
  assert.deepEqual(roster.map((p) => p.name), ['Phone …3456'], 'the caller is still in the meeting');
});
