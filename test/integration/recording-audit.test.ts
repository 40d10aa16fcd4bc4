// Who started and stopped a recording, and who deleted a room with its recordings, as the audit
// log tells it: a guest cannot pass for an account by the name they type.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestUser } from '../helpers/fixtures.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

interface Entry {
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

let moot: Moot;
let admin: TestUser;
let owner: TestUser;
const suite = serverWithSockets({ guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  admin = await addUser(moot, 'Ada Admin', { admin: true });
  owner = await addUser(moot, 'Otto Owner');
});
const auditLog = () => moot.cli<Entry[]>(['audit', 'log', '--json', '--limit', '500']);
const entriesFor = async (action: string, target: string) => (await auditLog()).filter((e) => e.action === action && e.target === target);

/** The id of the recording the newest `recording.start` entry names. */
async function newestRecording(): Promise<Entry> {
  const entry = (await auditLog()).find((e) => e.action === 'recording.start');
  assert.ok(entry, 'a recording.start entry');
  return entry;
}

test('a guest who calls themselves an administrator and records is audited as a guest, not as that administrator', async () => {
  const room = await addRoom(moot, owner, 'Open lecture', 'link');
  const host = await sockets.member(moot, owner);
  await host.join({ room: room.id });
  const impostor = await sockets.guest(moot);
  const joined = await impostor.join({ room: room.id, name: admin.email });
  host.send({ type: 'moderate', action: 'promote', target: joined.self.id });
  await impostor.next('participantUpdated', (m) => m.participant.id === joined.self.id && m.participant.role === 'moderator');

  impostor.send({ type: 'record', active: true });
  await host.next('recording', (m) => m.active);
  const started = await newestRecording();
  assert.equal(started.actor, `guest: ${admin.email}`);
  assert.notEqual(started.actor, admin.email);

  impostor.send({ type: 'record', active: false });
  await host.next('recording', (m) => !m.active);
  const stopped = await waitFor(async () => (await entriesFor('recording.stop', started.target!))[0], { message: 'a recording.stop entry' });
  assert.equal(stopped.actor, `guest: ${admin.email}`);
});

test('a member is audited by their account’s email when starting and stopping; a stop by the meeting’s end is the system’s', async () => {
  const room = await addRoom(moot, owner, 'Team call');
  const host = await sockets.member(moot, owner);
  await host.join({ room: room.id });

  host.send({ type: 'record', active: true });
  await host.next('recording', (m) => m.active);
  const first = await newestRecording();
  assert.equal(first.actor, owner.email, 'the email, not the display name');
  host.send({ type: 'record', active: false });
  await host.next('recording', (m) => !m.active);
  const stopped = await waitFor(async () => (await entriesFor('recording.stop', first.target!))[0], { message: 'a recording.stop entry' });
  assert.equal(stopped.actor, owner.email);

  host.send({ type: 'record', active: true });
  await host.next('recording', (m) => m.active);
  const second = await newestRecording();
  assert.notEqual(second.target, first.target);
  host.send({ type: 'leave' });
  const ended = await waitFor(async () => (await entriesFor('recording.stop', second.target!))[0], { message: 'the recording stopped by the meeting’s end' });
  assert.equal(ended.actor, 'system');
  assert.equal((await entriesFor('recording.stop', first.target!)).length, 1, 'a stop is audited once');
});

test('an owner deleting a room is audited with the recordings that go with it', async () => {
  const room = await addRoom(moot, owner, 'Short-lived room');
  const host = await sockets.member(moot, owner);
  await host.join({ room: room.id });
  host.send({ type: 'record', active: true });
  await host.next('recording', (m) => m.active);
  const recording = await newestRecording();
  host.send({ type: 'record', active: false });
  await host.next('recording', (m) => !m.active);
  await sockets.closeAll();

  const deleted = await (await signedIn(moot, owner)).delete(`/api/rooms/${room.id}`);
  assert.equal(deleted.status, 204, deleted.text);
  const [entry] = await entriesFor('room.delete', room.id);
  assert.ok(entry, 'the deletion is in the audit log');
  assert.equal(entry.actor, owner.email);
  assert.deepEqual(entry.details?.recordings, [recording.target]);
});
