// A whole installation moves to a second data folder: a backup taken while the server runs
// (database snapshot and encrypted recordings, without the recordings key) restored into an empty
// folder brings back accounts, rooms, settings, the audit log and recordings that still play.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { list } from 'tar';
import { routes } from '@moot/protocol';
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

/** The recording's bytes as its owner's player receives them. */
async function play(moot: Moot, id: string): Promise<Buffer> {
  const http = await signedIn(moot, owner);
  const links = await http.post(routes.recordingLinks(id));
  assert.equal(links.status, 200, links.text);
  const media = await fetch(moot.url + (links.body.view as string), { headers: { cookie: http.cookieHeader() } });
  assert.equal(media.status, 200);
  return Buffer.from(await media.arrayBuffer());
}

before(async () => {
  source = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
  owner = await addUser(source, 'Olive Owner');
  room = await addRoom(source, owner, 'Board');
  await source.cli(['settings', 'set', 'guests', 'off', '--json']);
  recordingId = (await source.cli<{ id: string }>(['recording', 'import', room.url, makeWebm(join(scratch, 'talk.webm')), '--name', 'Talk', '--json'])).id;
  played = await play(source, recordingId);
});

after(async () => {
  await sockets.closeAll();
  await restored?.stop();
  await source?.stop();
  for (const dir of [scratch, ...restoredDirs]) rmSync(dir, { recursive: true, force: true });
});

test('a backup taken while the server runs holds the database, the encrypted recording and a manifest, but not the key', async () => {
  const made = await source.cli<{ manifest: { format: string; migration: string; recordings: number; mootVersion: string } }>(['backup', 'create', archive, '--json']);
  assert.equal(made.manifest.format, 'moot-backup');
  assert.equal(made.manifest.recordings, 1);
  assert.match(made.manifest.migration, /^\d{4}_/);
  const names: string[] = [];
  await list({ file: archive, onReadEntry: (entry) => names.push(entry.path) });
  assert.deepEqual(names.sort(), ['manifest.json', 'moot.sqlite', `recordings/${recordingId}.media`, `recordings/${recordingId}.notes`]);
  const bytes = readFileSync(archive);
  const key = (JSON.parse(readFileSync(keyFile, 'utf8')) as { key: string }).key;
  assert.equal(bytes.includes(Buffer.from(key)), false, 'the recordings key is not in the archive');
  assert.equal(bytes.includes(played.subarray(0, 4096)), false, 'the recording is still encrypted');
  assert.equal((await source.cliRaw(['backup', 'create', archive, '--json'])).code, 1, 'an existing archive is not overwritten');
});

test('the backup restores into an empty folder, where sign-in, the room, settings, the audit log, a meeting and the recording work', async () => {
  const dataDir = makeTempDir('moot-restored-');
  restoredDirs.push(dataDir);
  const env = { MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: keyFile };
  const summary = await runCli<{ users: number; rooms: number; recordings: number; warnings: string[] }>(env, ['backup', 'restore', archive, '--json']);
  assert.deepEqual([summary.users, summary.rooms, summary.recordings, summary.warnings], [1, 1, 1, []]);
  const again = await runCliRaw(env, ['backup', 'restore', archive, '--json']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /not empty/, 'a folder in use is not overwritten without --force');
  const forced = await runCli<{ recordings: number }>(env, ['backup', 'restore', archive, '--force', '--json']);
  assert.equal(forced.recordings, 1, '--force replaces it');

  restored = await startMoot({ dataDir, env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
  const http = new HttpClient(restored.url);
  await http.signIn(owner.email, owner.password);
  const rooms = await http.get<{ rooms: { id: string; name: string }[] }>('/api/rooms');
  assert.deepEqual(rooms.body.rooms.map((r) => [r.id, r.name]), [[room.id, 'Board']]);
  assert.deepEqual(await restored.cli(['settings', 'show', '--json']), { guests: false });
  const log = await restored.cli<{ action: string; target: string }[]>(['audit', 'log', '--json']);
  assert.ok(log.some((e) => e.action === 'recording.import' && e.target === recordingId), 'the audit log came along');
  assert.ok(log.some((e) => e.action === 'backup.restore'), 'the restore is audited');
  const joined = await (await sockets.member(restored, owner)).join({ room: room.id });
  assert.equal(joined.self.role, 'moderator', 'the owner opens a meeting in the restored room');
  assert.ok((await play(restored, recordingId)).equals(played), 'the recording plays the same bytes as before');
});

test('a restore without the recordings key warns that recordings cannot be played', async () => {
  const dataDir = makeTempDir('moot-restored-nokey-');
  restoredDirs.push(dataDir);
  const summary = await runCli<{ warnings: string[] }>({ MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: join(scratch, 'absent.key') }, ['backup', 'restore', archive, '--json']);
  assert.equal(summary.warnings.length, 1);
  assert.match(summary.warnings[0]!, /no recordings key/);
});
