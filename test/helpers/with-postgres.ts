// Runs a command (a test run) with a real PostgreSQL started for it and MOOT_TEST_POSTGRES_URL
// pointing at it, which puts every moot server and CLI the test helpers start on PostgreSQL:
//   sh scripts/only-loopback.sh node --import tsx test/helpers/with-postgres.ts node --import tsx --test test/integration/x.test.ts
// Fails when the command succeeded but no test made a database: the switch did nothing.
import { spawn } from 'node:child_process';
import { startPostgres } from './postgres.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: with-postgres.ts <command> [args...]\n');
  process.exit(2);
}

const postgres = await startPostgres();
let code: number;
try {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, MOOT_TEST_POSTGRES_URL: postgres.url('postgres') } });
  code = await new Promise<number>((done) => child.on('exit', (status, signal) => done(status ?? (signal ? 128 : 1))));
  const [row] = await postgres.query('postgres', `SELECT count(*)::int AS n FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')`);
  if (code === 0 && row?.n === 0) {
    process.stderr.write('with-postgres: no test created a database, so nothing ran on PostgreSQL\n');
    code = 1;
  }
} finally {
  await postgres.stop();
}
process.exit(code);
