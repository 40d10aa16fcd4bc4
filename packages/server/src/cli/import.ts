import type { Command } from 'commander';
import { audit } from '../audit/audit.ts';
import { importGreenlight } from '../import/greenlight/import.ts';
import { reportText } from '../import/greenlight/report.ts';
import { print } from './output.ts';
import { cliProgress } from './progress.ts';
import { cliActor, type OpenContext } from './users.ts';

/** `moot import greenlight`, under the `import` group that gathers every source. */
export function importCommands(command: Command, context: () => ReturnType<OpenContext>): void {
  command
    .command('greenlight')
    .description('Import users, rooms, their settings, shared access and old room addresses from a Greenlight 2 or 3 database (read only)')
    .requiredOption('--database <url>', 'the Greenlight PostgreSQL database, as postgres://user:password@host:port/name')
    .option('--dry-run', 'print what the import would do, and write nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { database: string; dryRun?: boolean; json?: boolean }) => {
      const { db, config } = await context();
      try {
        const progress = cliProgress('Importing from Greenlight', 'steps', undefined, { json: opts.json });
        const report = await importGreenlight(
          db,
          {
            databaseUrl: opts.database,
            dryRun: Boolean(opts.dryRun),
            publicUrl: config.http.publicUrl,
            defaultMaxParticipants: config.meeting.defaultMaxParticipants,
          },
          progress.update,
        ).finally(progress.finish);
        if (!report.dryRun) await audit(db, { actor: cliActor(), action: 'import.greenlight', origin: 'cli', details: { source: report.source, ...report.summary } });
        print(Boolean(opts.json), report, () => reportText(report));
      } finally {
        await db.destroy();
      }
    });
}
