import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';

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
  // Listening on 127.0.0.1 only, its socket in our folder; fsync off: the cluster dies with the test.
  const { stop } = await startDaemon({
    label: `postgres 127.0.0.1:${port}`,
    command: join(bin, 'postgres'),
    args: ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off'],
    spawn: { ...account, cwd: dir },
    dir,
    // SIGINT: PostgreSQL's fast shutdown; a test process that dies without its after hooks still takes the server with it.
    stopSignal: 'SIGINT',
    orphanSignal: 'SIGQUIT',
    ready: () => query('postgres', 'SELECT 1'),
    readyTimeoutMs: 30_000,
  });
  return {
    url,
    query,
    async createDatabase(name) {
      await query('postgres', `CREATE DATABASE "${name}"`);
    },
    stop,
  };
}
