// Dial-in by phone with a real SIP caller (SIPp from Debian): the caller types the room's PIN as
// telephone-events, waits in the lobby of a room closed to guests until the moderator admits
// them, and is then one more voice in the meeting's mix: the browser hears the caller's tone,
// the caller hears the browser, the moderator mutes and removes the caller, and *6 unmutes.
// Wrong PINs end the call and, repeated across calls, lock the caller out with an audit entry.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { readAudit } from '../../packages/server/src/audit/audit.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { Browsers, memberInMeeting, participantId, waitForMix } from '../helpers/browser.ts';
import { moderateFromList, setMic, waitForMicIcon } from '../helpers/meeting-ui.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';
import { freePort, freeUdpRange } from '../helpers/ports.ts';
import { callMoot, type SipCaller } from '../helpers/sip-caller.ts';
import { mixPeakHz } from '../helpers/mix-peak.ts';
import { waitFor } from '../helpers/wait.ts';

const TONE_HZ = 660;
let server: RunningServer;
let baseUrl: string;
let sipTarget: string;
let owner: TestUser;
let room: TestRoom;
let pin: string;
const browsers = new Browsers();
const callers: SipCaller[] = [];

before(async () => {
  const sipPort = await freePort();
  sipTarget = `127.0.0.1:${sipPort}`;
  const { env, url } = await testServerEnv({
    env: { MOOT_SIP_LISTEN: sipTarget, MOOT_SIP_RTP_PORTS: await freeUdpRange(40), MOOT_SIP_NUMBER: '+49 30 1234567' },
  });
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env, args, stdin) };
  owner = await addUser(cli, 'Olga Owner');
  // Guests are off on the server (the default): a caller with the PIN still needs a moderator.
  room = await addRoom(cli, owner, 'Call-in room');
  server = await startInProcess(env);
  baseUrl = url;
  const shown = await runCli<{ dialIn?: { pin: string; sipUri: string; number?: string } }>(env, ['room', 'show', room.id, '--json']);
  assert.ok(shown.dialIn, '`moot room show --json` tells how to dial in');
  assert.match(shown.dialIn.pin, /^\d{9}$/);
  assert.equal(shown.dialIn.sipUri, `sip:moot@${sipTarget}`);
  assert.equal(shown.dialIn.number, '+49 30 1234567');
  pin = shown.dialIn.pin;
});

after(async () => {
  for (const caller of callers) caller.stop();
  await browsers.close();
  await server?.stop();
});

function call(keys: string, number: string, callId: string, tcp = false): Promise<SipCaller> {
  return callMoot(sipTarget, { keys, number, toneHz: TONE_HZ, callId, tcp }).then((caller) => {
    callers.push(caller);
    return caller;
  });
}

test('a phone caller types the PIN, waits for admission, is heard speaking and hears the meeting, is muted, unmuted with *6, named and removed', async () => {
  const olga = await memberInMeeting(browsers, baseUrl, owner, room.id, 'owner');
  const caller = await call(`${pin}#`, '+4930123456', 'moot-phone-1');

  // The room is closed to guests: the caller waits until the moderator lets them in.
  const lobby = olga.page.getByRole('region', { name: 'Waiting to join' });
  await lobby.getByRole('listitem').filter({ hasText: 'Phone …3456' }).waitFor({ timeout: 30_000 });
  await lobby.getByRole('button', { name: 'Admit Phone …3456', exact: true }).click();

  // In the list as a phone, and heard: the browser's mix carries the caller's tone.
  const callerId = await participantId(olga.page, 'Phone …3456');
  await olga.page.locator(`li[data-participant-id="${callerId}"]`).getByRole('img', { name: 'On the phone', exact: true }).waitFor({ timeout: 15_000 });
  await waitForMix(olga.page, 'sound');
  await olga.page.locator(`li[data-participant-id="${callerId}"][data-speaking="true"]`).waitFor({ timeout: 15_000 });
  const hz = await mixPeakHz(olga.page);
  assert.ok(Math.abs(hz - TONE_HZ) < 30, `the mix's strongest frequency is ${hz} Hz, not the caller's ${TONE_HZ} Hz`);

  // The caller hears the browser (Chromium's fake microphone), and nothing of it once it mutes.
  await new Promise((r) => setTimeout(r, 8000)); // the "you are in the meeting" prompt ends
  const withOlga = await caller.heardLevel(3);
  assert.ok(withOlga > -50, `the caller hears almost nothing of the meeting (${withOlga} dBFS)`);
  await setMic(olga.page, false);
  await new Promise((r) => setTimeout(r, 1000));
  const withoutOlga = await caller.heardLevel(3);
  assert.ok(withoutOlga < withOlga - 20, `muting the only browser did not quiet the caller's audio (${withOlga} → ${withoutOlga} dBFS)`);
  await setMic(olga.page, true);

  // A moderator's mute stops the tone reaching the browser; *6 from the phone brings it back.
  await moderateFromList(olga.page, 'Phone …3456', 'Mute');
  await waitForMicIcon(olga.page, callerId, 'Microphone muted');
  await waitForMix(olga.page, 'silence');
  await caller.pressStarSix();
  await waitForMicIcon(olga.page, callerId, 'Microphone on');
  await waitForMix(olga.page, 'sound');

  // The moderator knows who called and names them for everyone.
  await olga.page.getByRole('button', { name: 'Actions for Phone …3456', exact: true }).click();
  await olga.page.getByRole('textbox', { name: 'Name for Phone …3456', exact: true }).fill('Dana');
  await olga.page.getByRole('button', { name: 'Name caller', exact: true }).click();
  await olga.page.locator(`li[data-participant-id="${callerId}"]`).filter({ hasText: 'Dana' }).waitFor({ timeout: 15_000 });

  // Removed: moot hangs up (SIPp ends its scenario on moot's BYE) and the list forgets the caller.
  await moderateFromList(olga.page, 'Dana', 'Remove');
  assert.equal(await caller.done, 0, `the caller's call did not end as expected:\n${caller.output().slice(-3000)}`);
  await olga.page.locator(`li[data-participant-id="${callerId}"]`).waitFor({ state: 'detached' });
});

test('three wrong PINs end the call (over TCP), and a caller who keeps guessing is locked out and audited', async () => {
  const wrong = '111111111#';
  // Over TCP this time: the call, its keys and moot's hang-up work on either transport.
  const first = await call(wrong.repeat(3), '+15550001111', 'moot-phone-2', true);
  assert.equal(await first.done, 0, `moot did not hang up after three wrong PINs:\n${first.output().slice(-3000)}`);
  const { entries } = await readAudit(server.services.db, { limit: 50, action: 'phone.wrong-pins' });
  assert.ok(entries.some((e) => e.target === 'Phone …1111'), 'three wrong PINs are in the audit log');

  // Across calls: the same caller's next wrong PINs pass the free allowance and lock them out.
  const second = await call(wrong.repeat(3), '+15550001111', 'moot-phone-3');
  assert.equal(await second.done, 0, `moot did not hang up on the guessing caller:\n${second.output().slice(-3000)}`);
  const guessing = await readAudit(server.services.db, { limit: 50, action: 'phone.pin-guessing' });
  assert.ok(guessing.entries.some((e) => e.target === 'Phone …1111' && e.origin === '127.0.0.1'), 'the lock-out is in the audit log');
  const phones = server.services.meetings.meetingOf(room.id)?.roster.all().filter((p) => p.kind === 'rtp') ?? [];
  assert.deepEqual(phones.map((p) => p.name), [], 'no wrong PIN let anyone into a meeting');
});
