import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { audit } from '../audit/audit.ts';
import { loadConfig } from '../config.ts';
import { createBackup } from '../backup/create.ts';
import { restoreBackup, RestoreError } from '../backup/restore.ts';
import { openDatabase } from '../store/db.ts';
import { CliError, print } from './output.ts';
import { cliProgress } from './progress.ts';
import { cliActor } from './users.ts';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The archive holds a snapshot of the SQLite file; a PostgreSQL database is PostgreSQL's to back up. */
function refusePostgres(databaseUrl: string | undefined): void {
  if (databaseUrl) {
    throw new CliError('bad-request', 'this installation keeps its data in PostgreSQL: back it up with pg_dump, and the data folder (recordings, moot.json) with your file backup');
  }
}

/**
 * `moot backup create|restore`. Neither goes through the shared CLI context: a restore must find
 * its data folder empty, before anything creates a database there.
 */
export function backupCommands(program: Command): void {
  const backup = program.command('backup').description('Back up and restore the whole installation (database, settings, encrypted recordings, presentations)');

  backup
    .command('create <file>')
    .description('Write a backup archive (tar) while the server runs; the recordings key is not in it')
    .option('--force', 'replace <file> if it exists')
    .option('--json', 'print JSON')
    .action(async (fileArg: string, opts: { force?: boolean; json?: boolean }) => {
      const file = resolve(fileArg);
      if (existsSync(file) && !opts.force) throw new CliError('bad-request', `${file} exists: choose another name or add --force`);
      const config = loadConfig(process.env, { serverStart: true });
      refusePostgres(config.database.url);
      const bar = cliProgress('Backing up', 'bytes', undefined, { json: opts.json });
      const summary = await createBackup(config, file, bar.update).finally(bar.finish);
      const db = await openDatabase(config.data.dir);
      try {
        await audit(db, { actor: cliActor(), action: 'backup.create', target: file, origin: 'cli', details: { recordings: summary.manifest.recordings } });
      } finally {
        await db.destroy();
      }
      print(Boolean(opts.json), summary, () =>
        [
          `Wrote ${file} (${mib(summary.bytes)}, ${summary.manifest.recordings} recordings, ${summary.manifest.slides} presentations, database at ${summary.manifest.migration})`,
          ...summary.missing.map((id) => `Recording ${id} was deleted while the backup ran and is not in it`),
          'The recordings key is not in the backup: keep a copy of it apart from the archive.',
        ].join('\n'),
      );
    });

  backup
    .command('restore <file>')
    .description('Restore a backup into the data folder, which must be empty (MOOT_DATA_DIR); stop the server first')
    .option('--force', 'replace the database, configuration file, recordings and presentations of a data folder that is not empty')
    .option('--json', 'print JSON')
    .action(async (fileArg: string, opts: { force?: boolean; json?: boolean }) => {
      const file = resolve(fileArg);
      const config = loadConfig(process.env);
      refusePostgres(config.database.url);
      const bar = cliProgress('Restoring', 'bytes', undefined, { json: opts.json });
      const summary = await restoreBackup(config, file, { force: Boolean(opts.force) }, bar.update)
        .catch((err: unknown) => {
          throw err instanceof RestoreError ? new CliError('bad-request', err.message) : err;
        })
        .finally(bar.finish);
      const db = await openDatabase(config.data.dir);
      try {
        await audit(db, { actor: cliActor(), action: 'backup.restore', target: file, origin: 'cli', details: { createdAt: summary.manifest.createdAt } });
      } finally {
        await db.destroy();
      }
      print(Boolean(opts.json), summary, () =>
        [
          `Restored ${file} (made ${summary.manifest.createdAt} by moot ${summary.manifest.mootVersion}) into ${summary.dataDir}:`,
          `${summary.users} accounts, ${summary.rooms} rooms, ${summary.recordings} recordings`,
          ...summary.warnings.map((w) => `Warning: ${w}`),
        ].join('\n'),
      );
    });
}
