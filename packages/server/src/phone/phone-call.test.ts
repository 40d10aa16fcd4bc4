import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { ServerMessage } from '@moot/protocol';
import pino from 'pino';
import { readAudit } from '../audit/audit.ts';
import { createUser } from '../accounts/accounts.ts';
import { Breakouts } from '../breakouts/breakouts.ts';
import { FakeDriver } from '../media/fake-driver.ts';
import { CodeAttempts } from '../meetings/code-attempts.ts';
import { Meetings } from '../meetings/meetings.ts';
import { createRoom, findRoom, type Room } from '../rooms/rooms.ts';
import { setSetting } from '../settings/settings.ts';
import { openDatabase } from '../store/db.ts';
import type { Db } from '../store/db.ts';
import { MOVES, PhoneCall, type PinDialogue } from './phone-call.ts';
import { FakeLine, settle } from './fake-line.ts';

const log = pino({ level: 'silent' });

let db: Db;
let driver: FakeDriver;
let meetings: Meetings;
let room: Room;
let pins: CodeAttempts;
/** Gives the call to another process running the room's meeting; false: the meeting runs here. */
let handOver: PinDialogue['handOver'];

beforeEach(async () => {
  db = await openDatabase(mkdtempSync(join(tmpdir(), 'moot-phone-')));
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [] }, log);
  const owner = await createUser(db, { email: 'olga@example.org', name: 'Olga', role: 'member' });
  room = await createRoom(db, owner.id, { name: 'Weekly', guests: 'link' }, 100);
  pins = new CodeAttempts(Date.now, { perClient: 4, perRoom: 60 });
  handOver = async () => false;
});

afterEach(async () => {
  await meetings.endAll();
  await db.destroy();
});

async function dial(line = new FakeLine()): Promise<{ line: FakeLine; done: Promise<void> }> {
  const call = new PhoneCall({ db, meetings, log }, line, line);
  const done = call.run({ pins, handOver });
  await settle();
  return { line, done };
}

function caller() {
  const meeting = meetings.meetingOf(room.id);
  return { meeting, participant: meeting?.roster.all().find((p) => p.kind === 'rtp') };
}

/** Guests allowed, a call made and the room's PIN typed: the caller as the meeting has them. */
async function callerInMeeting() {
  await setSetting(db, 'guests', true);
  const { line } = await dial();
  await line.type(`${room.dial_in_pin}#`);
  await settle(20);
  return { line, ...caller() };
}

test('the right PIN seats the caller in the mix, named by the last digits of their number', async () => {
  const { line, participant } = await callerInMeeting();
  assert.equal(participant?.name, 'Phone …3456');
  assert.equal(line.seated, true);
  assert.deepEqual(line.heard, ['welcome', 'joined']);
  line.talking(true);
  assert.equal(participant?.speaking, true, 'the gateway’s voice activity shows as speaking');
  line.talking(false);
  assert.equal(participant?.speaking, false);
});

test('a caller moved to a breakout room takes a seat in its mix, is told, speaks there, and comes back to the main mix', async () => {
  const { line, meeting, participant } = await callerInMeeting();
  assert.ok(meeting && participant);
  const openSeats = () => driver.rooms.map((r) => r.seats.filter((s) => s.display === participant.id && !s.closed).length);
  const breakouts = new Breakouts(log);
  assert.equal(await breakouts.start(meeting, { rooms: 2, assign: 'manual', minutes: 5, callers: 'go' }), undefined);
  const entered = await meetings.admit((await findRoom(db, room.id))!, {
    name: 'Mia',
    role: 'moderator',
    userId: 'mia',
    guestKey: 'mia',
    kind: 'browser',
    audioMuted: false,
    videoMuted: false,
    link: { send: () => undefined },
  });
  assert.equal(entered.ok, true);
  const moderator = (entered as { participant: typeof participant }).participant;
  assert.equal(await breakouts.move(meeting, { kind: 'anonymous' }, moderator, participant.id, 1), undefined);
  await settle(20);
  assert.deepEqual(line.heard.slice(-1), ['breakout-joined']);
  assert.notEqual(meeting.mediaOf(participant), meeting.media);
  assert.deepEqual(openSeats(), [0, 1], 'one seat, in the breakout room’s mix only');
  line.talking(true);
  assert.equal(participant.speaking, true, 'speaking is judged in the breakout room');
  line.talking(false);

  await breakouts.end(meeting);
  await settle(20);
  assert.deepEqual(line.heard.slice(-1), ['breakout-back']);
  assert.equal(meeting.mediaOf(participant), meeting.media);
  assert.equal(openSeats()[0], 1, 'seated in the main mix again');
  assert.equal(openSeats().reduce((a, b) => a + b, 0), 1);
});

test('after the media server restarts, a caller takes a seat in the new main mix', async () => {
  const { line, meeting, participant } = await callerInMeeting();
  assert.ok(meeting && participant);
  const before = driver.rooms.length;
  driver.restart();
  await settle(50);
  const fresh = driver.rooms.slice(before);
  assert.ok(fresh.length > 0, 'the meeting has new media rooms');
  assert.deepEqual(
    fresh.map((r) => r.seats.filter((s) => s.display === participant.id && !s.closed).length),
    [1, ...fresh.slice(1).map(() => 0)],
    'seated in the new main mix',
  );
  assert.equal(meeting.mediaOf(participant), meeting.media);
});

test('a caller whose meeting runs in another server process is handed to it after the PIN, and no second meeting starts here', async () => {
  await setSetting(db, 'guests', true);
  const handed: { roomId: string; line: unknown }[] = [];
  handOver = async (roomId, line) => (handed.push({ roomId, line }), true);
  const { line, done } = await dial();
  await line.type(`${room.dial_in_pin}#`);
  await done;
  assert.deepEqual(handed, [{ roomId: room.id, line }]);
  assert.deepEqual(line.heard, ['welcome']);
  assert.equal(line.hungUp, false);
  assert.equal(line.seated, false);
  assert.equal(meetings.meetingOf(room.id), undefined);
});

/**
 * A call handed to another process, as the hand-over does it (it takes the call's keys), until
 * `handedElsewhere` says the meeting may start here; `losses` are what tells the call that
 * process is gone.
 */
async function handedCall(handedElsewhere: () => boolean) {
  await setSetting(db, 'guests', true);
  const losses: (() => void)[] = [];
  handOver = async (_roomId, _line, media, lost) => {
    if (!handedElsewhere()) return false;
    media.onKey(() => undefined);
    losses.push(lost);
    return true;
  };
  const { line, done } = await dial();
  await line.type(`${room.dial_in_pin}#`);
  await done;
  assert.equal(losses.length, 1, 'handed to the other process');
  return { line, losses };
}

test('a handed caller whose meeting’s process is lost follows the meeting to where it starts again, here, and their keys act here', async () => {
  let elsewhere = true;
  const { line, losses } = await handedCall(() => elsewhere);
  assert.equal(caller().participant, undefined);
  elsewhere = false;
  losses[0]!();
  await settle(30);
  const { participant } = caller();
  assert.ok(participant, 'the caller is in the meeting here');
  assert.equal(line.heard.at(-1), 'joined');
  assert.equal(line.hungUp, false);
  await line.type('*6');
  await settle(20);
  assert.equal(participant.audioMuted, true, '*6 mutes in the meeting here');
});

test(`a handed caller whose meeting’s process is lost again and again follows it ${MOVES} times, then hears that it is unavailable and is hung up`, async () => {
  const { line, losses } = await handedCall(() => true);
  for (let move = 1; move <= MOVES; move++) {
    losses.at(-1)!();
    await settle(30);
    assert.equal(losses.length, move + 1, `handed again, move ${move}`);
    assert.equal(line.hungUp, false);
  }
  losses.at(-1)!();
  await settle(30);
  assert.equal(line.heard.at(-1), 'unavailable');
  assert.equal(line.hungUp, true);
  assert.equal(meetings.meetingOf(room.id), undefined, 'no meeting started here');
});

test('a call another process holds enters the meeting here at once, with no PIN asked', async () => {
  await setSetting(db, 'guests', true);
  const line = new FakeLine();
  const call = new PhoneCall({ db, meetings, log }, line, line);
  await call.runInRoom(() => findRoom(db, room.id));
  assert.ok(caller().participant, 'the caller is in');
  assert.deepEqual(line.heard, ['joined']);
  assert.equal(line.seated, true);
});

test('a call handed here for a meeting that no longer runs here hears that it is unavailable', async () => {
  const line = new FakeLine();
  await new PhoneCall({ db, meetings, log }, line, line).runInRoom(async () => undefined);
  assert.deepEqual(line.heard, ['unavailable']);
  assert.equal(line.hungUp, true);
  assert.equal(meetings.meetingOf(room.id), undefined);
});

test('a call handed here whose room cannot be looked up hears that it is unavailable instead of waiting in silence', async () => {
  const line = new FakeLine();
  await new PhoneCall({ db, meetings, log }, line, line).runInRoom(() => Promise.reject(new Error('database gone')));
  assert.deepEqual(line.heard, ['unavailable']);
  assert.equal(line.hungUp, true);
});

test('keys typed during the welcome are kept, and a whole PIN needs no pound key', async () => {
  await setSetting(db, 'guests', true);
  const line = new FakeLine();
  const call = new PhoneCall({ db, meetings, log }, line, line);
  void call.run({ pins, handOver });
  await line.type(room.dial_in_pin);
  await settle(20);
  assert.ok(caller().participant, 'the caller is in');
});

test('*6 mutes and unmutes, *9 raises and lowers the hand, each answered by a prompt; a lone 6 does nothing', async () => {
  const { line, participant } = await callerInMeeting();
  assert.ok(participant);
  await line.type('6');
  assert.equal(participant.audioMuted, false);
  await line.type('*6');
  await settle(20);
  assert.equal(participant.audioMuted, true);
  await line.type('*6');
  await settle(20);
  assert.equal(participant.audioMuted, false);
  await line.type('*9');
  assert.notEqual(participant.handRaisedAt, null);
  await line.type('*9');
  assert.equal(participant.handRaisedAt, null);
  assert.deepEqual(line.heard.slice(2), ['muted', 'unmuted', 'hand-raised', 'hand-lowered']);
});

test('a caller to a server closed to guests waits, hears that, and enters when a moderator admits', async () => {
  const { line } = await dial();
  await line.type(`${room.dial_in_pin}#`);
  await settle(20);
  assert.equal(caller().participant, undefined);
  assert.equal(line.heard.at(-1), 'waiting');
  const moderator = await meetings.admit({ ...room, owner_name: 'Olga' }, {
    name: 'Olga',
    role: 'moderator',
    userId: room.owner_id,
    guestKey: 'olga',
    kind: 'browser',
    audioMuted: true,
    videoMuted: true,
    link: { send: () => undefined },
  });
  assert.equal(moderator.ok, true);
  const lobby = meetings.liveOf(caller().meeting!)!.lobby.views();
  assert.deepEqual(lobby.map((e) => e.name), ['Phone …3456']);
  assert.equal(meetings.answerLobby(caller().meeting!, lobby[0]!.id, true), undefined);
  await settle(20);
  assert.ok(caller().participant);
  assert.equal(line.heard.at(-1), 'joined');
});

test('callers hear that the meeting is recorded, that a moderator muted them, and why the call ends', async () => {
  await setSetting(db, 'guests', true);
  const line = new FakeLine();
  const call = new PhoneCall({ db, meetings, log }, line, line);
  void call.run({ pins, handOver });
  await line.type(`${room.dial_in_pin}#`);
  await settle(20);
  const told = (m: ServerMessage) => call.send(m);
  told({ type: 'recording', active: true, by: 'Olga' });
  told({ type: 'mutedBy', by: 'Olga', kind: 'audio' });
  told({ type: 'meetingEnded', reason: 'removed', by: 'Olga' });
  await settle(20);
  assert.deepEqual(line.heard.slice(2), ['recording', 'muted-by-moderator', 'removed']);
  assert.equal(line.hungUp, true);
});

test('three wrong PINs end the call with an audit entry; the fifth wrong PIN across calls locks the caller out', async () => {
  const first = await dial();
  await first.line.type('111111111#111111111#111111111#');
  await first.done;
  assert.equal(first.line.hungUp, true);
  assert.deepEqual(first.line.heard, ['welcome', 'wrong-pin', 'wrong-pin', 'goodbye']);
  assert.equal((await readAudit(db, { limit: 10, action: 'phone.wrong-pins' })).entries.length, 1);

  const second = await dial();
  await second.line.type('222222222#222222222#');
  await second.done;
  assert.equal(second.line.heard.at(-1), 'too-many-attempts');
  const locked = await readAudit(db, { limit: 10, action: 'phone.pin-guessing' });
  assert.deepEqual(locked.entries.map((e) => [e.actor, e.origin]), [['Phone …3456', '198.51.100.9']]);

  // Even the right PIN waits now.
  const third = await dial();
  await third.done;
  assert.deepEqual(third.line.heard, ['too-many-attempts']);
  assert.equal(meetings.meetingOf(room.id), undefined);
});
