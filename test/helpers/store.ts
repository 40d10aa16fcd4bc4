import { basename } from 'node:path';
import pg from 'pg';

/**
 * The switch that runs a test file's servers and CLI on PostgreSQL: with MOOT_TEST_POSTGRES_URL
 * set (by test/helpers/with-postgres.ts), every data folder gets its own database in that server,
 * named after the folder, so a server and the CLI on the same folder share it.
 */
const serverUrl = () => process.env.MOOT_TEST_POSTGRES_URL;

const created = new Map<string, Promise<string>>();

/** PostgreSQL's codes for a database that exists already (also when two processes race to create it). */
const EXISTS = new Set(['42P04', '23505']);

async function databaseFor(dataDir: string, admin: string): Promise<string> {
  const name = basename(dataDir);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    if (!EXISTS.has((err as { code?: string }).code ?? '')) throw err;
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** `MOOT_DATABASE_URL` for the data folder in `env` when the switch is on and the test set none itself. */
export async function testDatabaseEnv(env: Record<string, string | undefined>): Promise<Record<string, string>> {
  const admin = serverUrl();
  const dataDir = env.MOOT_DATA_DIR;
  if (!admin || !dataDir || env.MOOT_DATABASE_URL) return {};
  let url = created.get(dataDir);
  if (!url) created.set(dataDir, (url = databaseFor(dataDir, admin)));
  return { MOOT_DATABASE_URL: await url };
}
