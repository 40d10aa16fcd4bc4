import { spawn, execFileSync } from 'node:child_process';
import { chownSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { OutputBuffer, registerDiagnostics } from './diagnostics.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';
import { waitFor } from './wait.ts';

/**
 * A real PostgreSQL (Debian's `postgresql` package) as a child of the test, on a free loopback
 * port, with its cluster in a temporary folder. PostgreSQL refuses to run as root, so a test run
 * as root starts it as the `postgres` account the package creates.
 */
export interface Postgres {
  /** A connection URL for the database `name`, as `user` (the superuser `postgres` unless told; no password on loopback). */
  url(name: string, user?: string): string;
  /** Runs SQL in database `name` and returns the rows of the last statement. */
  query(name: string, sql: string, values?: unknown[]): Promise<Record<string, any>[]>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('PostgreSQL is not installed (scripts/setup.sh --test installs it)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** The account the server runs as: ourselves, or `postgres` when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const account = runAs();
  const dir = makeTempDir('moot-postgres-');
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'], {
    ...account,
    cwd: dir,
    stdio: 'ignore',
  });
  const output = new OutputBuffer();
  // Listening on 127.0.0.1 only, its socket in our folder; fsync off: the cluster dies with the test.
  const child = spawn(join(bin, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off'], {
    ...account,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
  let exited = false;
  const exit = new Promise<void>((done) => child.on('exit', () => ((exited = true), done())));
  // A test process that dies without its after hooks still takes the server with it.
  const orphaned = () => child.kill('SIGQUIT');
  process.once('exit', orphaned);
  const unregister = registerDiagnostics(`postgres 127.0.0.1:${port}`, () => output.text());

  const url = (name: string, user = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${name}`;
  const query = async (name: string, sql: string, values?: unknown[]) => {
    const client = new pg.Client({ connectionString: url(name) });
    await client.connect();
    try {
      const result = await client.query(sql, values);
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return last.rows as Record<string, any>[];
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    // SIGINT: PostgreSQL's fast shutdown.
    if (!exited) child.kill('SIGINT');
    await exit;
    process.off('exit', orphaned);
    unregister();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error('postgres exited during start-up');
        await query('postgres', 'SELECT 1');
        return true;
      },
      { timeoutMs: 30_000, message: 'postgres to answer' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query,
    async createDatabase(name) {
      await query('postgres', `CREATE DATABASE "${name}"`);
    },
    stop,
  };
}
