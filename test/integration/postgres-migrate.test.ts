// `moot db migrate-to`: an installation filled on its SQLite file (accounts, a signed-in session,
// rooms, co-moderators, an encrypted recording, settings, audit) moves to a real PostgreSQL with
// every row as it was (text longer than a column's declared length too), and the server started
// on PostgreSQL serves all of it; a target that already holds data is refused and left alone, and
// `moot backup` on PostgreSQL refuses and names pg_dump.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, runCli, runCliRaw, startMoot, type Moot } from '../helpers/moot.ts';
import { startPostgres, type Postgres } from '../helpers/postgres.ts';

let postgres: Postgres;
let moot: Moot | undefined;
const scratch = makeTempDir('moot-migrate-');
const dataDir = join(scratch, 'data');
const keyFile = join(scratch, 'recordings.key');
const video = makeWebm(join(scratch, 'meeting.webm'));

/** The target URL with a password in it (trust authentication ignores it), to see it never printed. */
let target: string;
const PASSWORD = 'never-printed';

before(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase('moot');
  const url = new URL(postgres.url('moot'));
  url.password = PASSWORD;
  target = url.toString();
});

after(async () => {
  await moot?.stop();
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every table of the SQLite file, its rows as sorted text lines, values as text (PostgreSQL's bigint arrives as a string). */
function sqliteTables(): Map<string, string[]> {
  const db = new Database(join(dataDir, 'moot.sqlite'), { readonly: true });
  try {
    const names = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[];
    return new Map(names.map((name) => [name, lines(db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])]));
  } finally {
    db.close();
  }
}

function lines(rows: Record<string, unknown>[]): string[] {
  return rows.map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] === null ? null : String(row[k])]))).sort();
}

test('an installation filled on SQLite moves to PostgreSQL with every row, and the server on PostgreSQL serves it', async () => {
  moot = await startMoot({ dataDir, env: { MOOT_RECORDINGS_KEY_FILE: keyFile } });
  const admin = await addUser(moot, 'Ada Admin', { admin: true });
  const owner = await addUser(moot, 'Olive Owner');
  const coModerator = await addUser(moot, 'Carl Comod');
  const room: TestRoom = await addRoom(moot, owner, 'Board');
  await addRoom(moot, owner, 'Standup', 'code', '4711');
  await moot.cli(['room', 'moderators', room.id, '--set', coModerator.email, '--json']);
  const recording = await moot.cli<{ id: string }>(['recording', 'import', room.url, video, '--name', 'Board meeting', '--json']);
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  const ownerHttp = new HttpClient(moot.url);
  await ownerHttp.signIn(owner.email, owner.password);
  const serverEnv = moot.env;
  await moot.stop();
  moot = undefined;
  // SQLite keeps text longer than a column's declared varchar(200): so must PostgreSQL.
  const longName = `Standup${' (weekly)'.repeat(30)}`;
  const file = new Database(join(dataDir, 'moot.sqlite'));
  file.prepare(`UPDATE rooms SET name = ? WHERE name = 'Standup'`).run(longName);
  file.close();

  const onSqlite = sqliteTables();
  for (const table of ['users', 'sessions', 'rooms', 'room_moderators', 'recordings', 'settings', 'audit_log']) {
    assert.ok(onSqlite.get(table)?.length, `the SQLite file has rows in ${table}`);
  }
  const offline = { MOOT_DATA_DIR: dataDir, MOOT_RECORDINGS_KEY_FILE: keyFile };
  const result = await runCli<{ target: string; tables: { table: string; rows: number }[] }>(offline, ['db', 'migrate-to', target, '--json']);
  assert.ok(!JSON.stringify(result).includes(PASSWORD), 'the password of the URL is not printed');
  assert.deepEqual(
    Object.fromEntries(result.tables.map((t) => [t.table, t.rows])),
    Object.fromEntries([...onSqlite].map(([table, rows]) => [table, rows.length])),
    'every table of the SQLite file is reported with its row count',
  );
  const order = result.tables.map((t) => t.table);
  assert.ok(order.indexOf('users') < order.indexOf('rooms') && order.indexOf('rooms') < order.indexOf('recordings'), `copied in dependency order: ${order.join(', ')}`);

  for (const [table, rows] of onSqlite) {
    const copied = lines(await postgres.query('moot', `SELECT * FROM "${table}"`));
    const expected = table === 'audit_log' ? [...rows, ...copied.filter((line) => line.includes('"database.migrate"'))].sort() : rows;
    assert.deepEqual(copied, expected, `${table}: the same rows in PostgreSQL`);
  }
  assert.deepEqual(sqliteTables(), onSqlite, 'the SQLite file is left as it was');
  const bounded = await postgres.query('moot', `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND character_maximum_length IS NOT NULL`);
  assert.deepEqual(bounded, [], 'no PostgreSQL column refuses text SQLite would keep');
  const [moved] = await postgres.query('moot', `SELECT actor, target, details FROM audit_log WHERE action = 'database.migrate'`);
  assert.ok(moved, 'the move is in the audit log');
  assert.ok(!String(moved.target).includes(PASSWORD), 'the audit entry names the database without its password');

  const again = await runCliRaw(offline, ['db', 'migrate-to', target, '--json']);
  assert.notEqual(again.code, 0, 'a second move into the same database is refused');
  assert.match(JSON.parse(again.stdout).error.message, /already holds moot data \(.*users: 3 rows/);
  const [users] = await postgres.query('moot', 'SELECT count(*)::int AS n FROM users');
  assert.equal(users?.n, 3, 'the refused move wrote nothing');
  const wrongKind = await runCliRaw(offline, ['db', 'migrate-to', 'mysql://127.0.0.1/moot', '--json']);
  assert.match(JSON.parse(wrongKind.stdout).error.message, /postgres:\/\/ or postgresql:\/\//);

  moot = await startMoot({ dataDir, env: { ...serverEnv, MOOT_DATABASE_URL: target } });
  const rooms = await ownerHttp.get('/api/rooms');
  assert.equal(rooms.status, 200, `the session signed in on SQLite still works: ${rooms.text}`);
  assert.deepEqual(rooms.body.rooms.map((r: { name: string }) => r.name).sort(), ['Board', longName]);
  assert.deepEqual((await ownerHttp.get(`/api/rooms/${room.id}`)).body.room.moderators, [coModerator.email]);

  const recordings = (await ownerHttp.get('/api/recordings')).body.recordings as { id: string; name: string }[];
  assert.deepEqual(recordings.map((r) => [r.id, r.name]), [[recording.id, 'Board meeting']]);
  const links = await ownerHttp.post(`/api/recordings/${recording.id}/links`);
  assert.equal(links.status, 200, links.text);
  const media = await ownerHttp.get(links.body.view);
  assert.equal(media.status, 200, 'the recording decrypts with the data key copied from SQLite');

  const adminHttp = new HttpClient(moot.url);
  await adminHttp.signIn(admin.email, admin.password);
  const search = await adminHttp.get(`/api/admin/audit?limit=100&person=${encodeURIComponent(owner.email.toUpperCase())}`);
  assert.equal(search.status, 200, search.text);
  assert.ok(search.body.entries.length > 0, 'the audit search is case-blind on PostgreSQL too');
  assert.ok(search.body.actions.includes('database.migrate'));

  const created = await ownerHttp.post('/api/rooms', { name: 'After the move' });
  assert.ok(created.status === 200 || created.status === 201, created.text);
  const [ids] = await postgres.query('moot', `SELECT max(id) AS newest, (SELECT id FROM audit_log WHERE action = 'database.migrate') AS moved FROM audit_log`);
  assert.ok(Number(ids?.newest) > Number(ids?.moved), 'new audit entries count on after the copied ones');

  const backup = await moot.cliRaw(['backup', 'create', join(scratch, 'backup.tar'), '--json']);
  assert.notEqual(backup.code, 0, 'a backup of the SQLite file would miss everything written to PostgreSQL');
  assert.match(JSON.parse(backup.stdout).error.message, /pg_dump/);
});
