// Time-limited links to a recording for people without an account: made by the owner or a room
// moderator, watched by anyone holding them until they expire or are revoked, every view in the
// audit log; a link opens its own recording's video and nothing else.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { looksLikeMedia, makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';

let moot: Moot;
let owner: TestUser;
let coModerator: TestUser;
let member: TestUser;
let room: TestRoom;
let recA: { id: string; size: number };
let recB: { id: string; size: number };
const scratch = makeTempDir('moot-share-links-');
const sql = () => new Database(join(moot.dataDir, 'moot.sqlite'));

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
  owner = await addUser(moot, 'Olive Owner');
  coModerator = await addUser(moot, 'Cole Comod');
  member = await addUser(moot, 'Mia Member');
  room = await addRoom(moot, owner, 'Lectures');
  await moot.cli(['room', 'moderators', room.id, '--set', coModerator.email, '--json']);
  recA = await moot.cli(['recording', 'import', room.url, makeWebm(join(scratch, 'a.webm'), 2), '--name', 'Lecture A', '--json']);
  recB = await moot.cli(['recording', 'import', room.url, makeWebm(join(scratch, 'b.webm'), 4), '--name', 'Lecture B', '--json']);
  assert.notEqual(recA.size, recB.size, 'the two recordings tell apart by size');
});

after(async () => {
  await moot?.stop();
});

const linksOf = (id: string) => `/api/recordings/${id}/share-links`;
const tokenOf = (url: string) => new URL(url).hash.slice(1);

async function makeLink(who: TestUser, id: string, body: object = {}): Promise<{ id: string; url: string; token: string; createdAt: string; expiresAt: string }> {
  const answer = await (await signedIn(moot, who)).post(linksOf(id), body);
  assert.equal(answer.status, 201, answer.text);
  return { ...answer.body.link, token: tokenOf(answer.body.link.url) };
}

/** What the watch page does with the token from the URL's fragment. */
const openLink = (holder: HttpClient, token: string) => holder.post('/api/shared-recordings', { token });
const mediaOf = (linkId: string) => `/api/shared-recordings/${linkId}/media`;

function linkViews(linkId: string): number {
  const db = sql();
  const rows = db.prepare("select details from audit_log where action = 'recording.link-view'").all() as { details: string }[];
  db.close();
  return rows.filter((r) => JSON.parse(r.details).link === linkId).length;
}

test('anyone with the link watches that recording; each view is audited with the link id', async () => {
  const link = await makeLink(owner, recA.id);
  assert.ok(link.url.startsWith(`${moot.url}/watch#`));
  assert.equal(Date.parse(link.expiresAt) - Date.parse(link.createdAt), 7 * 86_400_000, 'seven days unless said');
  assert.equal(Buffer.from(link.token, 'base64url').length, 32, '256 random bits');
  const db = sql();
  const stored = db.prepare('select token_hash from recording_share_links where id = ?').get(link.id) as { token_hash: string };
  db.close();
  assert.notEqual(stored.token_hash, link.token, 'only a hash is stored');

  const stranger = new HttpClient(moot.url);
  const info = await openLink(stranger, link.token);
  assert.equal(info.status, 200, info.text);
  assert.equal(info.body.recording.name, 'Lecture A');
  const cookie = stranger.cookieHeader();
  const full = await fetch(moot.url + info.body.recording.media, { headers: { cookie } });
  assert.equal(full.status, 200);
  const bytes = Buffer.from(await full.arrayBuffer());
  assert.equal(bytes.length, recA.size);
  assert.ok(looksLikeMedia(bytes));
  const seek = await fetch(moot.url + info.body.recording.media, { headers: { cookie, range: 'bytes=100-199' } });
  assert.equal(seek.status, 206);
  assert.equal((await seek.arrayBuffer()).byteLength, 100);
  assert.equal(linkViews(link.id), 1, 'a seek within a view is not another view');
  const again = await fetch(moot.url + info.body.recording.media, { headers: { cookie, range: 'bytes=0-' } });
  await again.arrayBuffer();
  assert.equal(linkViews(link.id), 2);
  assert.equal((await stranger.get('/watch')).status, 200, 'the watch page loads without an account');
});

test('a link reaches its own recording only, and no listing or management route', async () => {
  const link = await makeLink(owner, recA.id);
  const other = await makeLink(owner, recB.id);
  const holder = new HttpClient(moot.url);
  assert.equal((await openLink(holder, link.token)).status, 200);
  const media = await fetch(moot.url + mediaOf(link.id), { headers: { cookie: holder.cookieHeader() } });
  assert.equal(Number(media.headers.get('content-length')), recA.size, "A's link streams A");
  await media.arrayBuffer();
  assert.equal((await holder.get(mediaOf(other.id))).status, 404, "A's cookie does not open B's link");
  assert.equal((await (await signedIn(moot, owner)).delete(`${linksOf(recB.id)}/${other.id}`)).status, 200);
  // The token on B's routes, or on any route that needs an account, opens nothing.
  for (const path of [
    `/api/recordings/${recB.id}/media?token=${link.token}`,
    `/api/recordings/${recA.id}/media?token=${link.token}`,
    '/api/recordings',
    `/api/recordings/${recA.id}`,
    `/api/recordings/${recB.id}`,
    `/api/recordings/${recA.id}/notes`,
    linksOf(recA.id),
  ]) {
    assert.equal((await holder.get(path)).status, 401, `GET ${path}`);
  }
  assert.equal((await holder.post(`/api/recordings/${recA.id}/links`)).status, 401);
  assert.equal((await holder.post(linksOf(recB.id), {})).status, 401);
  assert.equal((await holder.delete(`${linksOf(recA.id)}/${link.id}`)).status, 401);
  assert.equal((await openLink(holder, `${link.token.slice(0, -2)}AA`)).body.error.code, 'invalid-share-link');

  // A member who is not a moderator of the room neither sees nor makes links.
  const memberHttp = await signedIn(moot, member);
  assert.equal((await memberHttp.get(linksOf(recA.id))).status, 404);
  assert.equal((await memberHttp.post(linksOf(recA.id), {})).status, 404);
  assert.equal((await memberHttp.delete(`${linksOf(recA.id)}/${link.id}`)).status, 404);
  assert.equal((await openLink(holder, link.token)).status, 200, 'the link still works');
});

test('the expiry is bounded; an expired link is refused', async () => {
  const ownerHttp = await signedIn(moot, owner);
  for (const days of [0, 31, 2.5]) assert.equal((await ownerHttp.post(linksOf(recA.id), { days })).status, 400, `${days} days`);
  const month = await makeLink(owner, recA.id, { days: 30 });
  assert.equal(Date.parse(month.expiresAt) - Date.parse(month.createdAt), 30 * 86_400_000);

  const link = await makeLink(owner, recA.id, { days: 1 });
  const holder = new HttpClient(moot.url);
  assert.equal((await openLink(holder, link.token)).status, 200);
  const db = sql();
  db.prepare('update recording_share_links set expires_at = ? where id = ?').run(new Date(Date.now() - 1000).toISOString(), link.id);
  db.close();
  const refused = await openLink(holder, link.token);
  assert.equal(refused.status, 404);
  assert.equal(refused.body.error.code, 'invalid-share-link');
  assert.equal((await holder.get(mediaOf(link.id))).status, 404, 'the cookie of an expired link opens nothing');
  const listed = (await ownerHttp.get(linksOf(recA.id))).body.links as { id: string }[];
  assert.ok(!listed.some((l) => l.id === link.id), 'an expired link is no longer listed');
});

test("a room moderator makes a link; the owner's revocation stops it at once", async () => {
  const link = await makeLink(coModerator, recB.id, { days: 3 });
  const holder = new HttpClient(moot.url);
  const info = await openLink(holder, link.token);
  assert.equal(info.body.recording.name, 'Lecture B');
  const ownerHttp = await signedIn(moot, owner);
  const listed = (await ownerHttp.get(linksOf(recB.id))).body.links as { id: string; createdBy: string }[];
  assert.deepEqual(listed.map((l) => [l.id, l.createdBy]), [[link.id, coModerator.email]]);
  assert.equal(JSON.stringify(listed).includes(link.token), false, 'the token is never shown again');

  const revoked = await ownerHttp.delete(`${linksOf(recB.id)}/${link.id}`);
  assert.equal(revoked.status, 200, revoked.text);
  assert.deepEqual(revoked.body.links, []);
  assert.equal((await openLink(holder, link.token)).body.error.code, 'invalid-share-link');
  assert.equal((await holder.get(mediaOf(link.id), { headers: { range: 'bytes=100-' } })).status, 404);
  assert.equal((await ownerHttp.delete(`${linksOf(recB.id)}/${link.id}`)).status, 404, 'already gone');
  const db = sql();
  const actions = (db.prepare('select action from audit_log where target = ? order by id').all(recB.id) as { action: string }[]).map((a) => a.action);
  db.close();
  assert.ok(actions.includes('recording.link-create') && actions.includes('recording.link-revoke'));
});

test('the token never travels in a request path, where proxies log it: it is posted, and the video loads with a cookie for that link only', async () => {
  const link = await makeLink(owner, recA.id);
  const holder = new HttpClient(moot.url);
  for (const path of [`/api/shared-recordings/${link.token}`, `/api/shared-recordings/${link.token}/media`]) {
    assert.equal((await holder.get(path)).status, 404, `GET ${path.replace(link.token, '<token>')} opens nothing`);
  }
  const opened = await openLink(holder, link.token);
  assert.equal(opened.status, 200, opened.text);
  const media: string = opened.body.recording.media;
  assert.equal(media, mediaOf(link.id));
  assert.equal(media.includes(link.token), false, 'the media path holds no token');
  const setCookie = opened.headers.getSetCookie().find((c) => c.startsWith('moot_share='));
  assert.ok(setCookie, 'opening the link sets its cookie');
  assert.match(setCookie, new RegExp(`Path=${media.replace(/[/]/g, '\\/')}(;|$)`), 'the cookie goes to that link\'s media path only');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.equal((await fetch(moot.url + media)).status, 404, 'without the cookie the media path opens nothing');
});
