// A whole installation moves to a second data folder: a backup taken while the server runs
// (database snapshot, encrypted recordings and presentations, without the recordings key) restored
// into an empty folder brings back accounts, rooms, settings, the audit log, recordings that still
// play and the rooms' presentations.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, extract, list } from 'tar';
import { routes, SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, slideRoutes } from '@moot/protocol';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, runCli, runCliRaw, startMoot, type Moot } from '../helpers/moot.ts';

const scratch = makeTempDir('moot-backup-');
const keyFile = join(scratch, 'recordings.key');
const archive = join(scratch, 'moot-backup.tar');
const sockets = new Sockets();
/** Folders restored into, removed at the end with the rest. */
const restoredDirs: string[] = [];
let source: Moot;
let restored: Moot | undefined;
let owner: TestUser;
let room: TestRoom;
let recordingId: string;
let played: Buffer;
const slides = testPdf(3);
let deckId: string;

/** The recording's bytes as its owner's player receives them. */
async function play(moot: Moot, id: string): Promise<Buffer> {
  const http = await signedIn(moot, owner);
  const links = await http.post(routes.recordingLinks(id));
  assert.equal(links.status, 200, links.text);
  const media = await fetch(moot.url + (links.body.view as string), { headers: { cookie: http.cookieHeader() } });
  assert.equal(media.status, 200);
  return Buffer.from(await media.arrayBuffer());
}

/** The owner enters the room's meeting; the key sent on entering opens its presentations. */
async function slidesKey(moot: Moot): Promise<string> {
  const socket = await sockets.member(moot, owner);
  await socket.join({ room: room.id });
  return (await socket.next('slidesAccess')).key;
}

/** Repacks the backup without its presentations, as a moot that did not keep them wrote it. */
async function withoutSlides(target: string): Promise<void> {
  const dir = join(scratch, 'repack');
  mkdirSync(dir);
  await extract({ file: archive, cwd: dir });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.slides;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await create({ file: target, cwd: dir }, ['manifest.json', 'moot.sqlite', `recordings/${recordingId}.media`, `recordings/${recordingId}.notes`]);
}

before(async () => {
  source = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
  owner = await addUser(source, 'Olive Owner');
  room = await addRoom(source, owner, 'Board');
  await source.cli(['settings', 'set', 'guests', 'off', '--json']);
  recordingId = (await source.cli<{ id: string }>(['recording', 'import', room.url, makeWebm(join(scratch, 'talk.webm')), '--name', 'Talk', '--json'])).id;
  played = await play(source, recordingId);
  const upload = await fetch(source.url + slideRoutes.decks(room.id), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', [SLIDES_NAME_HEADER]: 'Quarter.pdf', [SLIDES_KEY_HEADER]: await slidesKey(source), origin: source.url },
    body: new Blob([new Uint8Array(slides)]),
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  deckId = ((await upload.json()) as { id: string }).id;
  await sockets.closeAll();
});

after(async () => {
  await sockets.closeAll();
  await restored?.stop();
  await source?.stop();
  for (const dir of [scratch, ...restoredDirs]) rmSync(dir, { recursive: true, force: true });
});

test('a backup taken while the server runs holds the database, the encrypted recording, the presentation and a manifest, but not the key', async () => {
  const made = await source.cli<{ manifest: { format: string; migration: string; recordings: number; slides: number; mootVersion: string } }>(['backup', 'create', archive, '--json']);
  assert.equal(made.manifest.format, 'moot-backup');
  assert.equal(made.manifest.recordings, 1);
  assert.equal(made.manifest.slides, 1);
  assert.match(made.manifest.migration, /^\d{4}_/);
  const names: string[] = [];
  await list({ file: archive, onReadEntry: (entry) => names.push(entry.path) });
  assert.deepEqual(names.sort(), ['manifest.json', 'moot.sqlite', `recordings/${recordingId}.media`, `recordings/${recordingId}.notes`, `slides/${room.id}/${deckId}.pdf`]);
  const bytes = readFileSync(archive);
  const key = (JSON.parse(readFileSync(keyFile, 'utf8')) as { key: string }).key;
  assert.equal(bytes.includes(Buffer.from(key)), false, 'the recordings key is not in the archive');
  assert.equal(bytes.includes(played.subarray(0, 4096)), false, 'the recording is still encrypted');
  assert.equal((await source.cliRaw(['backup', 'create', archive, '--json'])).code, 1, 'an existing archive is not overwritten');
});

test('the backup restores into an empty folder, where sign-in, the room, settings, the audit log, a meeting, the recording and the presentation work', async () => {
  const dataDir = makeTempDir('moot-restored-');
  restoredDirs.push(dataDir);
  const env = { MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: keyFile };
  const summary = await runCli<{ users: number; rooms: number; recordings: number; warnings: string[] }>(env, ['backup', 'restore', archive, '--json']);
  assert.deepEqual([summary.users, summary.rooms, summary.recordings, summary.warnings], [1, 1, 1, []]);
  const again = await runCliRaw(env, ['backup', 'restore', archive, '--json']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /not empty/, 'a folder in use is not overwritten without --force');
  const stale = join(dataDir, 'slides', 'AoldRoomOfAnotherInstall', 'AoldDeckOfAnotherInstall.pdf');
  mkdirSync(join(stale, '..'), { recursive: true });
  writeFileSync(stale, testPdf(1));
  const forced = await runCli<{ recordings: number }>(env, ['backup', 'restore', archive, '--force', '--json']);
  assert.equal(forced.recordings, 1, '--force replaces it');
  assert.equal(existsSync(stale), false, 'the presentations folder is replaced, not merged');

  restored = await startMoot({ dataDir, env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
  const http = new HttpClient(restored.url);
  await http.signIn(owner.email, owner.password);
  const rooms = await http.get<{ rooms: { id: string; name: string }[] }>('/api/rooms');
  assert.deepEqual(rooms.body.rooms.map((r) => [r.id, r.name]), [[room.id, 'Board']]);
  assert.deepEqual(await restored.cli(['settings', 'show', '--json']), { guests: false });
  const log = await restored.cli<{ action: string; target: string }[]>(['audit', 'log', '--json']);
  assert.ok(log.some((e) => e.action === 'recording.import' && e.target === recordingId), 'the audit log came along');
  assert.ok(log.some((e) => e.action === 'backup.restore'), 'the restore is audited');
  const socket = await sockets.member(restored, owner);
  const joined = await socket.join({ room: room.id });
  assert.equal(joined.self.role, 'moderator', 'the owner opens a meeting in the restored room');
  assert.ok((await play(restored, recordingId)).equals(played), 'the recording plays the same bytes as before');
  const { key } = await socket.next('slidesAccess');
  const pdf = await fetch(restored.url + slideRoutes.file(room.id, deckId), { headers: { [SLIDES_KEY_HEADER]: key, origin: restored.url } });
  assert.equal(pdf.status, 200, 'the presentation is there');
  assert.ok(Buffer.from(await pdf.arrayBuffer()).equals(slides), 'the presentation has the same bytes as before');
});

test('a restore without the recordings key warns that recordings cannot be played', async () => {
  const dataDir = makeTempDir('moot-restored-nokey-');
  restoredDirs.push(dataDir);
  const summary = await runCli<{ warnings: string[] }>({ MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: join(scratch, 'absent.key') }, ['backup', 'restore', archive, '--json']);
  assert.equal(summary.warnings.length, 1);
  assert.match(summary.warnings[0]!, /no recordings key/);
});

test('a backup without presentations, from before they were kept, still restores', async () => {
  const old = join(scratch, 'old-backup.tar');
  await withoutSlides(old);
  const dataDir = makeTempDir('moot-restored-old-');
  restoredDirs.push(dataDir);
  const summary = await runCli<{ rooms: number; recordings: number; manifest: { slides: number } }>({ MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: keyFile }, ['backup', 'restore', old, '--json']);
  assert.deepEqual([summary.rooms, summary.recordings, summary.manifest.slides], [1, 1, 0]);
});

test('an archive with a file among the presentations that is not a room presentation PDF is refused', async () => {
  const dir = join(scratch, 'crafted');
  mkdirSync(join(dir, 'slides', room.id), { recursive: true });
  await extract({ file: archive, cwd: dir });
  writeFileSync(join(dir, 'slides', room.id, 'run.sh'), '#!/bin/sh\n');
  const crafted = join(scratch, 'crafted.tar');
  await create({ file: crafted, cwd: dir }, ['manifest.json', 'moot.sqlite', `slides/${room.id}/${deckId}.pdf`, `slides/${room.id}/run.sh`]);
  const dataDir = makeTempDir('moot-restored-crafted-');
  restoredDirs.push(dataDir);
  const refused = await runCliRaw({ MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: keyFile }, ['backup', 'restore', crafted, '--json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, new RegExp(`not a moot backup: it holds slides/${room.id}/run\\.sh`));
});
