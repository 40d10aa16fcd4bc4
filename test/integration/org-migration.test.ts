// A database made by the schema before organizations, holding accounts, rooms, co-moderators and
// recordings, upgrades with every row intact and all of it in the operator's own organization.
// Runs on SQLite, and on PostgreSQL under test/helpers/with-postgres.ts.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { createUser } from '../../packages/server/src/accounts/accounts.ts';
import { migrate, type Db } from '../../packages/server/src/store/db.ts';
import { migrations, type DialectName } from '../../packages/server/src/store/migrations.ts';
import { createRoom } from '../../packages/server/src/rooms/rooms.ts';
import { test } from '../helpers/diagnostics.ts';
import { makeTempDir } from '../helpers/moot.ts';
import { testDatabaseEnv } from '../helpers/store.ts';

const ORGANIZATIONS = '0018_organizations';

let dataDir: string;
let db: Db;
let dialect: DialectName;

before(async () => {
  dataDir = makeTempDir('moot-org-migration-');
  const { MOOT_DATABASE_URL: url } = await testDatabaseEnv({ MOOT_DATA_DIR: dataDir });
  dialect = url ? 'postgres' : 'sqlite';
  if (url) {
    db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
  } else {
    const sqlite = new SQLite(join(dataDir, 'moot.sqlite'));
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  }
});

after(async () => {
  await db?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Rows as the old schema wrote them: no organization anywhere. */
const users = [
  { id: 'u-admin', email: 'ada@example.test', name: 'Ada', role: 'admin', password_hash: 'argon2-digest-a', status: 'active', created_at: '2025-01-01T00:00:00.000Z', last_login_at: '2025-06-01T00:00:00.000Z', password_changed_at: null, ldap_uid: null, ldap_dn: null, suspended_by: null, suspended_at: null },
  { id: 'u-member', email: 'bo@example.test', name: 'Bo', role: 'member', password_hash: null, status: 'suspended', created_at: '2025-02-01T00:00:00.000Z', last_login_at: null, password_changed_at: null, ldap_uid: 'bo', ldap_dn: 'uid=bo,ou=people,dc=example,dc=test', suspended_by: 'ldap', suspended_at: '2025-03-01T00:00:00.000Z' },
];
const rooms = [
  { id: 'r-weekly', owner_id: 'u-admin', name: 'Weekly', guests: 'code', access_code: '12345678', max_participants: 50, lobby: 'guests', join_muted_above: 10, dial_in_pin: '111222333', created_at: '2025-01-02T00:00:00.000Z' },
  { id: 'r-office', owner_id: 'u-member', name: 'Office hours', guests: 'off', access_code: null, max_participants: 10, lobby: 'off', join_muted_above: 5, dial_in_pin: '444555666', created_at: '2025-02-02T00:00:00.000Z' },
];
const recordings = [
  { id: 'rec-1', room_id: 'r-weekly', name: 'Weekly, 2 January', origin: 'meeting', state: 'ready', progress: 100, error: null, wrapped_key: 'wrapped-key-1', size: 123456789, duration_ms: 3600000, started_by: 'ada@example.test', started_at: '2025-01-02T10:00:00.000Z', ended_at: '2025-01-02T11:00:00.000Z' },
  { id: 'rec-2', room_id: 'r-office', name: 'Office hours', origin: 'import', state: 'failed', progress: 40, error: 'encoder stopped', wrapped_key: null, size: 0, duration_ms: null, started_by: 'bo@example.test', started_at: '2025-02-03T10:00:00.000Z', ended_at: null },
];
const moderators = [{ room_id: 'r-weekly', user_id: 'u-member', created_at: '2025-01-03T00:00:00.000Z' }];
const shares = [{ recording_id: 'rec-1', user_id: 'u-member', created_at: '2025-01-04T00:00:00.000Z' }];

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const any = () => db as unknown as AnyDb;
const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
/** Rows read back with the old schema's columns only: later migrations may add columns with defaults. */
const asBefore = (rows: Record<string, unknown>[], like: Record<string, unknown>) =>
  sorted(rows.map((row) => Object.fromEntries(Object.keys(like).map((column) => [column, row[column]]))));

test('the schema before organizations upgrades: every account, room, co-moderator and recording is kept, all in the operator organization', async () => {
  const names = Object.keys(migrations(dialect)).sort();
  const previous = names[names.indexOf(ORGANIZATIONS) - 1];
  assert.ok(previous, `a migration precedes ${ORGANIZATIONS}`);
  await migrate(db, dialect, previous);
  await any().insertInto('users').values(users).execute();
  await any().insertInto('rooms').values(rooms).execute();
  await any().insertInto('room_moderators').values(moderators).execute();
  await any().insertInto('recordings').values(recordings).execute();
  await any().insertInto('recording_shares').values(shares).execute();

  await migrate(db, dialect);

  const orgs = await db.selectFrom('organizations').selectAll().execute();
  assert.equal(orgs.length, 1, 'the upgrade makes exactly one organization');
  const [main] = orgs;
  assert.equal(main!.operator, 1, "it is the operator's own");
  assert.equal(main!.slug, 'main');
  assert.equal(main!.suspended, 0, 'it is not suspended');
  assert.equal(main!.domain, null);

  assert.deepEqual(asBefore(await any().selectFrom('users').selectAll().execute(), users[0]!), sorted(users), 'accounts unchanged');
  const roomRows = await db.selectFrom('rooms').selectAll().execute();
  assert.deepEqual(asBefore(roomRows, rooms[0]!), sorted(rooms), 'rooms unchanged apart from their organization');
  assert.deepEqual(roomRows.map((r) => r.organization_id), rooms.map(() => main!.id), "every room is in the operator's organization");
  const recordingRows = await any().selectFrom('recordings').selectAll().execute();
  assert.deepEqual(asBefore(recordingRows.map((r) => ({ ...r, size: Number(r.size) })), recordings[0]!), sorted(recordings), 'recordings unchanged');
  assert.deepEqual(sorted(await any().selectFrom('room_moderators').selectAll().execute()), sorted(moderators), 'co-moderators unchanged');
  assert.deepEqual(sorted(await any().selectFrom('recording_shares').selectAll().execute()), sorted(shares), 'recording shares unchanged');

  const members = await db.selectFrom('organization_members').select(['organization_id', 'user_id', 'org_admin']).orderBy('user_id').execute();
  assert.deepEqual(
    members,
    users.map((u) => ({ organization_id: main!.id, user_id: u.id, org_admin: 0 })).sort((a, b) => a.user_id.localeCompare(b.user_id)),
    "every account is a member of the operator's organization, administering none (operators stay operators by their role)",
  );
});

test("after the upgrade, an account and a room made without naming an organization land in the operator's", async () => {
  const main = await db.selectFrom('organizations').select('id').where('operator', '=', 1).executeTakeFirstOrThrow();
  const cy = await createUser(db, { email: 'cy@example.test', name: 'Cy', role: 'member' });
  const room = await createRoom(db, cy.id, { name: 'New room', guests: 'off' }, 10);
  const membership = await db.selectFrom('organization_members').selectAll().where('user_id', '=', cy.id).execute();
  assert.deepEqual(membership.map((m) => m.organization_id), [main.id]);
  const stored = await db.selectFrom('rooms').select('organization_id').where('id', '=', room.id).executeTakeFirstOrThrow();
  assert.equal(stored.organization_id, main.id);
});
