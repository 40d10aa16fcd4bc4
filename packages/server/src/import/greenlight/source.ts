import pg from 'pg';
import type { GreenlightData } from './model.ts';
import { readGreenlight2 } from './greenlight2.ts';
import { readGreenlight3 } from './greenlight3.ts';

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Reads a whole Greenlight database inside one read-only transaction: a consistent picture, and
 * PostgreSQL itself refuses any write, whatever happens here.
 */
export async function readGreenlight(databaseUrl: string): Promise<GreenlightData> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`could not connect to the Greenlight database: ${(err as Error).message}`);
  }
  try {
    await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const query: Query = async (sql) => (await client.query(sql)).rows as Record<string, unknown>[];
    const version = await detectVersion(query);
    return version === 3 ? await readGreenlight3(query) : await readGreenlight2(query);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** Greenlight 3 names rooms by friendly_id and keeps options in rows; Greenlight 2 has uid and a JSON column. */
async function detectVersion(query: Query): Promise<2 | 3> {
  const rows = await query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rooms'`,
  );
  const columns = new Set(rows.map((r) => String(r.column_name)));
  if (columns.has('friendly_id')) return 3;
  if (columns.has('uid') && columns.has('room_settings')) return 2;
  throw new Error('this database is neither a Greenlight 2 nor a Greenlight 3 database (no rooms table of either)');
}
