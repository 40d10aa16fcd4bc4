import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, mock, test } from 'node:test';
import pino from 'pino';
import { createUser } from '../accounts/accounts.ts';
import { BEAT_MS } from '../cluster/relay.ts';
import { FakeDriver } from '../media/fake-driver.ts';
import { Meetings } from '../meetings/meetings.ts';
import { createRoom, type Room } from '../rooms/rooms.ts';
import { setSetting } from '../settings/settings.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { handOverCall } from './call-handover.ts';
import { FakeLine, settle } from './fake-line.ts';
import type { CallBus } from './handover-messages.ts';
import { RemoteCalls } from './remote-call.ts';

const log = pino({ level: 'silent' });

/** Redis's publish and subscribe in memory; a channel kind ('up', 'down') can be cut, as when a process falls silent. */
class MemoryBus implements CallBus {
  readonly processId = 'process-1';
  readonly cut = new Set<'up' | 'down'>();
  private handlers = new Map<string, Set<(message: string) => void>>();

  key(...parts: string[]): string {
    return parts.join(':');
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const set = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, set.add(handler));
    return async () => void set.delete(handler);
  }

  async publish(channel: string, message: string): Promise<void> {
    if ([...this.cut].some((kind) => channel.endsWith(`:${kind}`))) return;
    for (const handler of this.handlers.get(channel) ?? []) queueMicrotask(() => handler(message));
  }
}

let db: Db;
let meetings: Meetings;
let room: Room;
let bus: MemoryBus;
let owner: RemoteCalls;
let elsewhere: string | undefined;

beforeEach(async () => {
  db = await openDatabase(mkdtempSync(join(tmpdir(), 'moot-handover-')));
  meetings = new Meetings(new FakeDriver(), { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [] }, log);
  const olga = await createUser(db, { email: 'olga@example.org', name: 'Olga', role: 'member' });
  room = await createRoom(db, olga.id, { name: 'Weekly', guests: 'link' }, 100);
  await setSetting(db, 'guests', true);
  bus = new MemoryBus();
  elsewhere = undefined;
  owner = new RemoteCalls(bus, { db, meetings, log, ownerElsewhere: async () => elsewhere });
  await owner.start();
});

afterEach(async () => {
  mock.timers.reset();
  await owner.stop();
  await meetings.endAll();
  await db.destroy();
});

function caller() {
  return meetings.meetingOf(room.id)?.roster.all().find((p) => p.kind === 'rtp');
}

/** Lets the beats run for `ms`, a beat at a time, delivering what each sends. */
async function beats(ms: number): Promise<void> {
  for (let at = 0; at < ms; at += BEAT_MS) {
    mock.timers.tick(BEAT_MS);
    await settle();
  }
}

/** How many times the holding process was told the owner is lost. */
let losses: number;

async function handedCall(): Promise<FakeLine> {
  const line = new FakeLine();
  losses = 0;
  await handOverCall(bus, bus.processId, room.id, line, line, log, () => losses++);
  await settle(30);
  return line;
}

test('a handed call is in the owner’s meeting at once: its prompts play to the caller, keys and talking act there, its voice goes to the owner’s seat, and hanging up leaves', async () => {
  const line = await handedCall();
  const participant = caller();
  assert.ok(participant, 'the caller is in the meeting');
  assert.equal(participant.name, 'Phone …3456');
  assert.deepEqual(line.heard, ['joined'], 'no PIN asked again');
  assert.equal(line.mixer?.host, '127.0.0.1');
  assert.ok(line.mixer.port > 40000, 'the seat the owner’s mixer gave');

  line.talking(true);
  await settle();
  assert.equal(participant.speaking, true);
  await line.type('*6');
  await settle(20);
  assert.equal(participant.audioMuted, true);
  assert.equal(line.heard.at(-1), 'muted');

  line.end();
  await settle(20);
  assert.equal(caller(), undefined);
});

test('a holding process that falls silent counts as hung up: its caller leaves the meeting', async () => {
  mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.now() });
  const line = await handedCall();
  assert.ok(caller());
  bus.cut.add('up');
  await beats(15_000);
  assert.ok(caller(), 'a few missed beats are not a hang-up');
  await beats(9000);
  assert.equal(caller(), undefined);
  assert.equal(line.hungUp, false, 'the caller was not hung up by the owner');
});

test('an owner that falls silent is reported lost once, the call is not hung up, and the owner, if it hears, lets the caller go', async () => {
  mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.now() });
  const line = await handedCall();
  bus.cut.add('down');
  await beats(15_000);
  assert.equal(losses, 0, 'a few missed beats are not a loss');
  await beats(9000);
  await settle(20);
  assert.equal(losses, 1);
  assert.equal(line.hungUp, false, 'what becomes of the call is for the holding process to say');
  assert.equal(caller(), undefined);
  await beats(9000);
  assert.equal(losses, 1, 'reported once');
});

test('an owner that never takes the call is reported lost within seconds, before any prompt', async () => {
  mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.now() });
  await owner.stop();
  const line = await handedCall();
  await beats(6000);
  await settle(20);
  assert.equal(losses, 1);
  assert.deepEqual(line.heard, []);
  assert.equal(line.hungUp, false);
});

test('a call handed to a process whose meeting has meanwhile moved elsewhere is told it is unavailable, and no meeting starts', async () => {
  elsewhere = 'process-2';
  const line = await handedCall();
  assert.deepEqual(line.heard, ['unavailable']);
  assert.equal(line.hungUp, true);
  assert.equal(meetings.meetingOf(room.id), undefined);
});
