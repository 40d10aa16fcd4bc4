// Who reaches a recording: every recording route tried anonymously, as a guest (no account),
// as another member, as an administrator and as the owner, each answered as the policy says;
// ids and links of another room do not work; shredding the data key makes a recording
// unrecoverable; retention deletes an expired recording and says so in the audit log.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, runCli, startMoot, type Moot } from '../helpers/moot.ts';

let moot: Moot;
let owner: TestUser;
let member: TestUser;
let other: TestUser;
let admin: TestUser;
let room: TestRoom;
let otherRoom: TestRoom;
const scratch = makeTempDir('moot-recording-access-');
const video = makeWebm(join(scratch, 'bbb-playback.webm'));

interface Listed {
  id: string;
  size: number;
  routes: Record<'recording' | 'links' | 'media' | 'notes' | 'meeting' | 'shares', string>;
}

const importInto = (r: TestRoom) => moot.cli<Listed>(['recording', 'import', r.url, video, '--json']);
const listed = async (id: string) => (await moot.cli<Listed[]>(['recording', 'list', '--json'])).find((r) => r.id === id)!;
const sql = () => new Database(join(moot.dataDir, 'moot.sqlite'));

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
  [owner, member, other, admin] = [
    await addUser(moot, 'Olive Owner'),
    await addUser(moot, 'Max Member'),
    await addUser(moot, 'Otto Other'),
    await addUser(moot, 'Ada Admin', { admin: true }),
  ];
  room = await addRoom(moot, owner, 'Board');
  otherRoom = await addRoom(moot, other, 'Elsewhere');
});

after(async () => {
  await moot?.stop();
});

test('each recording route answers each kind of visitor as the policy says', async () => {
  const rec = await listed((await importInto(room)).id);
  const [ownerHttp, memberHttp, adminHttp] = await Promise.all([signedIn(moot, owner), signedIn(moot, member), signedIn(moot, admin)]);
  const nobody = new HttpClient(moot.url);
  const ownerLinks = await ownerHttp.post(rec.routes.links);
  assert.equal(ownerLinks.status, 200, ownerLinks.text);

  const tries = (http: HttpClient) => ({
    list: () => http.get('/api/recordings'),
    get: () => http.get(rec.routes.recording),
    links: () => http.post(rec.routes.links),
    media: () => http.get(ownerLinks.body.view as string),
    notes: () => http.get(rec.routes.notes),
    meeting: () => http.get(rec.routes.meeting),
    share: () => http.post(rec.routes.shares, { email: other.email }),
    retry: () => http.post(`${rec.routes.recording}/retry`),
    remove: () => http.delete(`${rec.routes.recording}-nope`),
  });
  const expect = async (who: string, http: HttpClient, want: Record<keyof ReturnType<typeof tries>, number>) => {
    for (const [name, call] of Object.entries(tries(http))) {
      const answer = await call();
      assert.equal(answer.status, want[name as keyof typeof want], `${who} ${name}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
  };
  // Anonymous and guests (guests have no account) are told to sign in, and learn nothing else.
  await expect('anonymous', nobody, { list: 401, get: 401, links: 401, media: 401, notes: 401, meeting: 401, share: 401, retry: 401, remove: 401 });
  // Any other account: the recording does not exist for them, not even the owner's valid link.
  await expect('member', memberHttp, { list: 200, get: 404, links: 404, media: 404, notes: 404, meeting: 404, share: 404, retry: 404, remove: 404 });
  await expect('admin', adminHttp, { list: 200, get: 404, links: 404, media: 404, notes: 404, meeting: 404, share: 404, retry: 404, remove: 404 });
  // A ready recording has nothing to try again.
  await expect('owner', ownerHttp, { list: 200, get: 200, links: 200, media: 200, notes: 200, meeting: 200, share: 201, retry: 409, remove: 404 });
  assert.deepEqual((await memberHttp.get('/api/recordings')).body.recordings, [], 'nothing listed for a member it is not shared with');

  // Shared by email: the member may watch with their own link, but not manage or delete.
  assert.equal((await ownerHttp.post(rec.routes.shares, { email: member.email })).status, 201);
  const memberLinks = await memberHttp.post(rec.routes.links);
  assert.equal(memberLinks.status, 200);
  assert.equal((await memberHttp.get(memberLinks.body.download)).status, 200);
  assert.equal((await memberHttp.get(ownerLinks.body.view)).status, 404, "another account's link is worthless");
  assert.equal((await memberHttp.post(rec.routes.shares, { email: admin.email })).status, 404);
  assert.equal((await memberHttp.delete(rec.routes.recording)).status, 404);
  // Revoked: the member's still-valid link stops working at once.
  const users = (await ownerHttp.get(rec.routes.recording)).body.recording.sharedWith as { id: string; email: string }[];
  const memberShare = users.find((u) => u.email === member.email)!;
  assert.equal((await ownerHttp.delete(`${rec.routes.shares}/${memberShare.id}`)).status, 200);
  assert.equal((await memberHttp.get(memberLinks.body.view)).status, 404);

  // Administrators delete without watching.
  assert.equal((await adminHttp.delete(rec.routes.recording)).status, 204);
  assert.equal((await ownerHttp.get(rec.routes.recording)).status, 404);
  assert.equal(existsSync(join(moot.dataDir, 'recordings', `${rec.id}.media`)), false);

  const audit = sql().prepare("select action from audit_log where target = ? order by id").all(rec.id) as { action: string }[];
  assert.ok(audit.some((a) => a.action === 'recording.view'), 'the view is audited');
  assert.ok(audit.some((a) => a.action === 'recording.download'), 'the download is audited');
  assert.ok(audit.some((a) => a.action === 'recording.delete'), 'the deletion is audited');
});

test("ids and links of another room's recording do not work", async () => {
  const mine = await listed((await importInto(room)).id);
  const theirs = await listed((await importInto(otherRoom)).id);
  const [ownerHttp, otherHttp] = await Promise.all([signedIn(moot, owner), signedIn(moot, other)]);
  const theirLink = (await otherHttp.post(theirs.routes.links)).body.view as string;
  const myLink = (await ownerHttp.post(mine.routes.links)).body.view as string;
  assert.equal((await ownerHttp.get(theirs.routes.recording)).status, 404);
  assert.equal((await ownerHttp.post(theirs.routes.links)).status, 404);
  assert.equal((await ownerHttp.get(theirLink)).status, 404, 'their link from my session');
  // A valid token of one recording presented on the route of another.
  const token = new URL(myLink, moot.url).searchParams.get('token')!;
  assert.equal((await ownerHttp.get(`${theirs.routes.media}?token=${token}`)).status, 404);
  assert.equal((await otherHttp.get(`${mine.routes.media}?token=${new URL(theirLink, moot.url).searchParams.get('token')}`)).status, 404);
  assert.equal((await ownerHttp.get(`/api/recordings?room=${otherRoom.id}`)).body.recordings.length, 0);
});

test('without its data key a recording cannot be recovered', async () => {
  const rec = await listed((await importInto(room)).id);
  const db = sql();
  db.prepare('update recordings set wrapped_key = null where id = ?').run(rec.id);
  db.close();
  const result = await moot.cliRaw(['recording', 'export', rec.id, join(scratch, 'shredded.webm')]);
  assert.notEqual(result.code, 0, 'export fails');
  assert.match(result.stderr, /shredded/);
  const ownerHttp = await signedIn(moot, owner);
  assert.equal((await ownerHttp.get(rec.routes.notes)).status, 404);
  assert.equal((await ownerHttp.get(rec.routes.meeting)).status, 404, 'nor what its meeting left');
});

test('retention deletes an expired recording and writes it to the audit log', async () => {
  const rec = await listed((await importInto(room)).id);
  const db = sql();
  db.prepare('update recordings set started_at = ? where id = ?').run(new Date(Date.now() - 40 * 86_400_000).toISOString(), rec.id);
  db.close();
  const kept = await moot.cli<{ deleted: string[] }>(['recording', 'purge', '--json']);
  assert.deepEqual(kept.deleted, [], 'no age limit configured: kept');
  const purged = await runCli<{ deleted: string[] }>({ ...moot.env, MOOT_RECORDINGS_MAX_AGE_DAYS: '30' }, ['recording', 'purge', '--json']);
  assert.deepEqual(purged.deleted, [rec.id]);
  assert.equal(existsSync(join(moot.dataDir, 'recordings', `${rec.id}.media`)), false);
  const check = sql();
  const row = check.prepare('select id from recordings where id = ?').get(rec.id);
  const audit = check.prepare("select details from audit_log where action = 'recording.delete' and target = ?").get(rec.id) as { details: string } | undefined;
  check.close();
  assert.equal(row, undefined);
  assert.match(audit?.details ?? '', /expired/);
});
