import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrations, type DialectName } from './migrations.ts';
import { UnboundedTextPlugin } from './unbounded-text.ts';

export type Db = Kysely<Database>;

/**
 * Opens the store and brings its schema up to date: the PostgreSQL database at `url` when one is
 * configured, otherwise the embedded SQLite file in the data folder.
 */
export async function openDatabase(dataDir: string, url?: string): Promise<Db> {
  return url ? openPostgres(url) : openSqlite(dataDir);
}

async function openSqlite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(join(dataDir, 'moot.sqlite'));
  // WAL lets the CLI write while the server runs; busy_timeout makes the two wait for each other.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, 'sqlite');
  return db;
}

const INT8_OID = 20;

/** `count(*)` and bigint columns arrive as strings from PostgreSQL; moot's fit in a JS number, as in SQLite. */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)),
};

/** The URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured PostgreSQL URL';
  }
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool and the next
  // query opens a new one; unhandled, the event would end the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end();
    throw new Error(`Cannot reach PostgreSQL at ${describeUrl(url)}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db, 'postgres');
  return db;
}

/** Brings the schema up to date, or only up to the migration named `to` (for tests of a migration). */
export async function migrate(db: Db, dialect: DialectName, to?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const schemaDb = dialect === 'postgres' ? db.withPlugin(new UnboundedTextPlugin()) : db;
  const migrator = new Migrator({ db: schemaDb, provider });
  const { error, results } = await (to ? migrator.migrateTo(to) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
}
