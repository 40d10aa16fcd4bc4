import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/db.ts';
import { migrateToPostgres, MigrateError } from '../store/migrate-to.ts';
import { CliError, print, table } from './output.ts';
import { cliProgress } from './progress.ts';
import { cliActor } from './users.ts';

/**
 * `moot db migrate-to`. It reads the data folder's SQLite file whatever MOOT_DATABASE_URL says,
 * so the URL may be set before the move.
 */
export function dbCommands(program: Command): void {
  const db = program.command('db').description('Where the installation keeps its data');

  db.command('migrate-to <url>')
    .description('Copy the SQLite database of the data folder into an empty PostgreSQL database (postgres://user:password@host:port/name); stop the server first')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { json?: boolean }) => {
      if (!/^postgres(ql)?:\/\//.test(url)) throw new CliError('bad-request', 'the target must be a postgres:// or postgresql:// URL');
      const config = loadConfig(process.env);
      if (!existsSync(join(config.data.dir, 'moot.sqlite'))) throw new CliError('bad-request', `${config.data.dir} holds no SQLite database (moot.sqlite) to migrate`);
      const source = await openDatabase(config.data.dir);
      const bar = cliProgress('Copying rows', 'items', undefined, { json: opts.json });
      try {
        const result = await migrateToPostgres(source, url, cliActor(), bar.update)
          .catch((err: unknown) => {
            throw err instanceof MigrateError ? new CliError('bad-request', err.message) : err;
          })
          .finally(bar.finish);
        print(Boolean(opts.json), result, () =>
          [
            table(result.tables.map((t) => ({ ...t })), ['table', 'rows']),
            `Copied into ${result.target}. Set MOOT_DATABASE_URL (or database.url in moot.json) to it and start the server.`,
            `The SQLite file ${join(config.data.dir, 'moot.sqlite')} is left as it was.`,
          ].join('\n'),
        );
      } finally {
        await source.destroy();
      }
    });
}
