// Creating and changing a room over HTTP is all or nothing: an unknown moderator email is named in
// plain words and leaves no room, no moderators and no settings behind, so trying again makes one
// room, not two. Co-moderators find the room in their own list.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addUser, signedIn, type TestUser } from '../helpers/fixtures.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';

let moot: Moot;
let owner: TestUser;
let coModerator: TestUser;
let member: TestUser;

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: join(makeTempDir('moot-room-create-'), 'recordings.key') } });
  owner = await addUser(moot, 'Owen Owner');
  coModerator = await addUser(moot, 'Cleo Comod');
  member = await addUser(moot, 'Milo Member');
});

after(() => moot?.stop());

function roomsOf(userId: string): { id: string; name: string }[] {
  const db = new SQLite(join(moot.dataDir, 'moot.sqlite'), { readonly: true });
  try {
    return db.prepare('select id, name from rooms where owner_id = ?').all(userId) as { id: string; name: string }[];
  } finally {
    db.close();
  }
}

test('a room with an unknown moderator email is not created; the answer names the email; the retry makes exactly one room', async () => {
  const http = await signedIn(moot, owner);
  const body = { name: 'Weekly training', guests: 'link', moderators: [coModerator.email, 'nobody@example.test'], recording: { allowed: false, maxAgeDays: 30 } };
  const refused = await http.post('/api/rooms', body);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'unknown-accounts');
  assert.deepEqual(refused.body.error.details, ['nobody@example.test']);
  assert.match(refused.body.error.message, /No account uses that email/);
  assert.deepEqual(roomsOf(owner.id), [], 'nothing was written');
  assert.deepEqual((await http.get('/api/rooms')).body.rooms, []);

  const created = await http.post('/api/rooms', { ...body, moderators: [coModerator.email] });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.body.room.moderators, [coModerator.email]);
  assert.deepEqual(created.body.room.recording, { allowed: false, maxAgeDays: 30 });
  assert.deepEqual(roomsOf(owner.id).map((r) => r.name), ['Weekly training'], 'one room, not two');
  const listed = (await http.get('/api/rooms')).body.rooms as { id: string; moderators: string[]; recording: unknown }[];
  assert.deepEqual(listed.map((r) => [r.id, r.moderators, r.recording]), [[created.body.room.id, [coModerator.email], { allowed: false, maxAgeDays: 30 }]]);
  const settings = await http.get(`/api/rooms/${created.body.room.id}/recording-settings`);
  assert.deepEqual(settings.body, { allowed: false, maxAgeDays: 30 }, 'the recording settings the recorder reads');
});

test('a change with an unknown moderator email changes nothing, not even the name', async () => {
  const http = await signedIn(moot, owner);
  const room = (await http.post('/api/rooms', { name: 'Before', moderators: [coModerator.email] })).body.room;
  const refused = await http.patch(`/api/rooms/${room.id}`, { name: 'After', moderators: ['ghost@example.test'], recording: { allowed: false, maxAgeDays: null } });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.error.details, ['ghost@example.test']);
  const now = (await http.get(`/api/rooms/${room.id}`)).body.room;
  assert.equal(now.name, 'Before');
  assert.deepEqual(now.moderators, [coModerator.email]);
  assert.deepEqual(now.recording, { allowed: true, maxAgeDays: null });

  const changed = await http.patch(`/api/rooms/${room.id}`, { name: 'After', moderators: [member.email], recording: { allowed: true, maxAgeDays: 7 } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.room.name, 'After');
  assert.deepEqual(changed.body.room.moderators, [member.email]);
  assert.deepEqual(changed.body.room.recording, { allowed: true, maxAgeDays: 7 });
});

test("a co-moderator sees the room under the rooms they moderate, with its link and code; others do not, and cannot change it", async () => {
  const http = await signedIn(moot, owner);
  const room = (await http.post('/api/rooms', { name: 'Shared desk', guests: 'code', accessCode: 'desk42', moderators: [coModerator.email] })).body.room;

  const theirs = (await (await signedIn(moot, coModerator)).get('/api/rooms')).body;
  const seen = theirs.moderated.find((r: { id: string }) => r.id === room.id);
  assert.ok(seen, 'the moderated room is listed');
  assert.equal(seen.owner.name, 'Owen Owner');
  assert.equal(seen.url, `${moot.url}/r/${room.id}`);
  assert.equal(seen.accessCode, 'desk42', 'moderators bring guests in');
  assert.equal(seen.moderators, undefined, "the owner's list stays the owner's");
  assert.equal(seen.recording, undefined);
  assert.ok(!theirs.rooms.some((r: { id: string }) => r.id === room.id), 'not among their own rooms');

  const memberHttp = await signedIn(moot, member);
  assert.ok(!(await memberHttp.get('/api/rooms')).body.moderated.some((r: { id: string }) => r.id === room.id));
  for (const who of [coModerator, member]) {
    const other = await signedIn(moot, who);
    assert.equal((await other.patch(`/api/rooms/${room.id}`, { name: 'Taken' })).status, 403, `${who.name} changes the room`);
  }
  assert.equal((await http.get(`/api/rooms/${room.id}`)).body.room.name, 'Shared desk');
});
