// `moot import greenlight` against real PostgreSQL databases holding a Greenlight 3 and a
// Greenlight 2 schema: a dry run writes nothing; the import (the Greenlight 3 one with an account
// that may only read) brings accounts with their old passwords, rooms with their settings, shared
// access as moderators, and old room addresses; a second run changes nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { GREENLIGHT_PASSWORDS, seedGreenlight2, seedGreenlight3 } from '../helpers/greenlight.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { startPostgres, type Postgres } from '../helpers/postgres.ts';

let moot: Moot;
let postgres: Postgres;
const scratch = makeTempDir('moot-greenlight-');

before(async () => {
  postgres = await startPostgres();
  await seedGreenlight3(postgres, 'greenlight3');
  await seedGreenlight2(postgres, 'greenlight2');
  // An account that may only read: an import that tried to write would fail.
  await postgres.query('greenlight3', 'CREATE ROLE greenlight_reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO greenlight_reader');
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
});

after(async () => {
  await moot?.stop();
  await postgres?.stop();
});

interface Report {
  source: string;
  dryRun: boolean;
  summary: Record<'users' | 'rooms' | 'moderators', Record<string, number>>;
  users: { email: string; action: string; role: string; status: string; reason?: string; id?: string }[];
  rooms: { name: string; owner: string; action: string; oldPath: string | null; id?: string; notes: string[]; reason?: string }[];
  moderators: { room: string; email: string; action: string; reason?: string }[];
}

interface RoomRow {
  id: string;
  name: string;
  guests: string;
  accessCode?: string;
  lobby: string;
  joinMutedAbove: number;
  owner: { id: string; name: string };
}

const importGreenlight = (database: string, ...flags: string[]) =>
  moot.cli<Report>(['import', 'greenlight', '--database', postgres.url(database, database === 'greenlight3' ? 'greenlight_reader' : 'postgres'), '--json', ...flags]);

function readDatabase<T>(read: (db: SQLite.Database) => T): T {
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every table an import writes, row by row. */
const databaseContents = () =>
  readDatabase((db) =>
    Object.fromEntries(
      ['users', 'rooms', 'room_moderators', 'room_recording_settings', 'legacy_paths', 'imported'].map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]),
    ),
  );

/** Accounts, rooms and each room's moderators, as the CLI shows them. */
async function mootContents() {
  const users = await moot.cli<{ id: string; email: string; role: string; status: string }[]>(['user', 'list', '--json']);
  const rooms = await moot.cli<RoomRow[]>(['room', 'list', '--json']);
  const moderators = async (room: RoomRow) => (await moot.cli<{ email: string }[]>(['room', 'moderators', room.id, '--json'])).map((m) => m.email);
  return { users, rooms, moderators };
}

const passwordHash = (email: string) =>
  readDatabase((db) => (db.prepare('SELECT password_hash FROM users WHERE email = ?').get(email) as { password_hash: string }).password_hash);

const byEmail = (report: Report, email: string) => report.users.find((u) => u.email === email)!;
const byName = (report: Report, name: string) => report.rooms.find((r) => r.name === name)!;

let standupId: string;

test('a dry run of a Greenlight 3 import lists the accounts, rooms and moderators it would bring in, and writes nothing', async () => {
  const before = databaseContents();
  const report = await importGreenlight('greenlight3', '--dry-run');
  assert.equal(report.source, 'greenlight3');
  assert.equal(report.dryRun, true);
  assert.deepEqual(report.summary, { users: { create: 4 }, rooms: { create: 3 }, moderators: { add: 2 } });
  assert.equal(byEmail(report, 'alice@example.org').role, 'admin');
  assert.equal(byEmail(report, 'dave@example.org').status, 'suspended', 'a banned Greenlight account comes over suspended');
  assert.equal(byName(report, 'Team standup').oldPath, '/rooms/ali-xyz-abc-def');
  assert.equal(byName(report, 'Team standup').id, undefined, 'a dry run makes no rooms');
  assert.deepEqual(databaseContents(), before);
  assert.notEqual((await new HttpClient(moot.url).get('/rooms/ali-xyz-abc-def')).status, 301);

  const text = await moot.cliRaw(['import', 'greenlight', '--database', postgres.url('greenlight3'), '--dry-run']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /dry run/);
  assert.match(text.stdout, /room "Team standup" of alice@example\.org: \/rooms\/ali-xyz-abc-def -> would create/);
  assert.match(text.stdout, /moderator bob@example\.org of "Team standup": would add/);
});

test('the Greenlight 3 import creates the accounts, the rooms with their settings, and shared access as moderators', async () => {
  const report = await importGreenlight('greenlight3');
  assert.equal(report.dryRun, false);
  assert.deepEqual(report.summary, { users: { create: 4 }, rooms: { create: 3 }, moderators: { add: 2 } });

  const { users, rooms, moderators } = await mootContents();
  const account = (email: string) => users.find((u) => u.email === email);
  assert.deepEqual(
    users.map((u) => [u.email, u.role, u.status]),
    [
      ['alice@example.org', 'admin', 'active'],
      ['bob@example.org', 'member', 'active'],
      ['carol@example.org', 'member', 'active'],
      ['dave@example.org', 'member', 'suspended'],
    ],
  );

  const standup = rooms.find((r) => r.name === 'Team standup')!;
  standupId = standup.id;
  assert.equal(standup.owner.id, account('alice@example.org')!.id);
  // Viewer code -> guests with that code; moderator approval -> lobby; mute on start -> everyone joins muted.
  assert.deepEqual([standup.guests, standup.accessCode, standup.lobby, standup.joinMutedAbove], ['code', 'abc123', 'everyone', 0]);
  assert.deepEqual((await moderators(standup)).sort(), ['bob@example.org', 'carol@example.org']);
  assert.equal(byName(report, 'Team standup').notes.length, 2, 'all-join-as-moderator and the moderator code are reported as not carried');

  const bobs = rooms.find((r) => r.name === "Bob's room")!;
  assert.deepEqual([bobs.guests, bobs.accessCode, bobs.lobby, bobs.joinMutedAbove], ['link', undefined, 'off', 10]);
  const seminar = rooms.find((r) => r.name === 'Seminar')!;
  assert.equal(seminar.guests, 'off', 'a room requiring sign-in is for members only');
  assert.equal(seminar.owner.id, account('carol@example.org')!.id);

  // Each room's BigBlueButton meeting id is remembered, so its recordings find it later.
  const meetings = readDatabase((db) => db.prepare("SELECT source_id, target_id FROM imported WHERE kind = 'meeting'").all() as { source_id: string; target_id: string }[]);
  assert.equal(meetings.length, 3);
  assert.ok(meetings.some((m) => m.target_id === standup.id && /^[0-9a-f]{32}$/.test(m.source_id)), 'the standup room is found by its meeting id');
});

test('an imported account signs in over HTTP with its Greenlight password, which is then stored as argon2id', async () => {
  assert.match(passwordHash('alice@example.org'), /^\$2[aby]\$/, 'the Greenlight bcrypt digest is kept as it was');
  const wrong = await new HttpClient(moot.url).post('/api/session', { email: 'alice@example.org', password: 'not-her-password' });
  assert.equal(wrong.status, 401);
  assert.match(passwordHash('alice@example.org'), /^\$2[aby]\$/, 'a wrong password changes nothing');

  const alice = new HttpClient(moot.url);
  const signIn = await alice.post('/api/session', { email: 'alice@example.org', password: GREENLIGHT_PASSWORDS.alice });
  assert.equal(signIn.status, 200, signIn.text);
  assert.match(passwordHash('alice@example.org'), /^\$argon2id\$/);

  const again = await new HttpClient(moot.url).post('/api/session', { email: 'alice@example.org', password: GREENLIGHT_PASSWORDS.alice });
  assert.equal(again.status, 200, 'the same password works against the new hash');

  const own = await alice.get('/api/rooms');
  assert.equal(own.status, 200, own.text);
  const standup = own.body.rooms.find((r: { id: string }) => r.id === standupId);
  assert.deepEqual(standup.recording, { allowed: false, maxAgeDays: null }, 'a room Greenlight did not record stays unrecorded');

  const bob = new HttpClient(moot.url);
  assert.equal((await bob.post('/api/session', { email: 'bob@example.org', password: GREENLIGHT_PASSWORDS.bob })).status, 200);
  const moderated = await bob.get('/api/rooms');
  assert.deepEqual(moderated.body.moderated.map((r: { id: string }) => r.id), [standupId], 'shared access made bob a moderator');

  const dave = await new HttpClient(moot.url).post('/api/session', { email: 'dave@example.org', password: GREENLIGHT_PASSWORDS.dave });
  assert.equal(dave.status, 401, 'a suspended account does not sign in');
});

test('an old Greenlight 3 room address redirects permanently to the imported room', async () => {
  const client = new HttpClient(moot.url);
  const moved = await client.get('/rooms/ali-xyz-abc-def');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), `/r/${standupId}`);
  const unknown = await client.get('/rooms/nob-ody-has-this');
  assert.notEqual(unknown.status, 301);
  assert.equal(unknown.headers.get('location'), null);
});

test('running the Greenlight 3 import again changes nothing', async () => {
  const before = databaseContents();
  const hash = passwordHash('alice@example.org');
  const report = await importGreenlight('greenlight3');
  assert.deepEqual(report.summary, { users: { done: 4 }, rooms: { done: 3 }, moderators: { done: 2 } });
  assert.deepEqual(databaseContents(), before);
  assert.equal(passwordHash('alice@example.org'), hash, 'the rehashed password is not put back');
});

test('a Greenlight 2 database is recognised: deleted records are skipped, an existing account keeps its password and takes its rooms, /b/ addresses redirect', async () => {
  const usersBefore = await moot.cli<unknown[]>(['user', 'list', '--json']);
  const report = await importGreenlight('greenlight2');
  assert.equal(report.source, 'greenlight2');
  assert.deepEqual(report.summary, { users: { create: 2, skip: 1, link: 1 }, rooms: { create: 3, skip: 1 }, moderators: { add: 1 } });
  assert.equal(byEmail(report, 'grace@example.org').reason, 'deleted in Greenlight');

  const { users, rooms, moderators } = await mootContents();
  assert.equal(users.length, usersBefore.length + 2);
  assert.equal(users.find((u) => u.email === 'frank@example.org')!.role, 'admin');
  const bob = users.find((u) => u.email === 'bob@example.org')!;
  const workshop = rooms.find((r) => r.name === 'Old workshop')!;
  assert.equal(workshop.owner.id, bob.id, "bob's existing account owns his Greenlight 2 room");
  assert.equal(workshop.lobby, 'everyone');
  const bobSignIn = await new HttpClient(moot.url).post('/api/session', { email: 'bob@example.org', password: 'bob-other-password' });
  assert.equal(bobSignIn.status, 401, "the existing account's password is not replaced");

  const lecture = rooms.find((r) => r.name === 'Lecture')!;
  assert.deepEqual([lecture.guests, lecture.accessCode, lecture.lobby, lecture.joinMutedAbove], ['code', '123456', 'off', 0]);
  assert.deepEqual(await moderators(lecture), ['frank@example.org']);
  const home = rooms.find((r) => r.name === 'Home Room')!;
  assert.deepEqual([home.guests, home.lobby, home.joinMutedAbove], ['link', 'off', 10]);
  assert.equal(rooms.some((r) => r.name === 'Forgotten'), false);

  const moved = await new HttpClient(moot.url).get('/b/eri-lec-xyz');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), `/r/${lecture.id}`);

  const erin = await new HttpClient(moot.url).post('/api/session', { email: 'erin@example.org', password: GREENLIGHT_PASSWORDS.erin });
  assert.equal(erin.status, 200, erin.text);
  assert.match(passwordHash('erin@example.org'), /^\$argon2id\$/);
});

test('a database that is not Greenlight\'s is refused in plain words, and nothing is written', async () => {
  const before = databaseContents();
  const refused = await moot.cliRaw(['import', 'greenlight', '--database', postgres.url('postgres'), '--json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /neither a Greenlight 2 nor a Greenlight 3 database/);
  assert.deepEqual(databaseContents(), before);
});

test('running the Greenlight 2 import again changes nothing', async () => {
  const before = databaseContents();
  const report = await importGreenlight('greenlight2');
  assert.deepEqual(report.summary, { users: { done: 3, skip: 1 }, rooms: { done: 3, skip: 1 }, moderators: { done: 1 } });
  assert.deepEqual(databaseContents(), before);
});
