import type { Command } from 'commander';
import { resolve } from 'node:path';
import { importBbbRecordings, NotPublishedFolderError, type ImportReport } from '../import/bbb-recordings.ts';
import { openVault } from '../recordings/service.ts';
import { CliError, print, table } from './output.ts';
import { cliProgress } from './progress.ts';
import { cliActor, type OpenContext } from './users.ts';

function reportText(report: ImportReport): string {
  const rows = report.items.map((i) => ({ record: i.recordId, name: i.name, room: i.room?.name ?? '', status: i.status, note: i.reason ?? i.recordingId ?? '' }));
  const { imported, 'would-import': would, skipped, failed } = report.summary;
  const counts = report.dryRun ? `dry run: ${would} would be imported, ${skipped} skipped, ${failed} unusable; nothing was written` : `${imported} imported, ${skipped} skipped, ${failed} failed`;
  return `${table(rows, ['record', 'name', 'room', 'status', 'note'])}\n${counts}`;
}

/** `moot import bbb-recordings`, under the `import` group that gathers every source. */
export function importRecordingsCommands(command: Command, context: () => ReturnType<OpenContext>): void {
  command
    .command('bbb-recordings <dir>')
    .description("Import a copy of BigBlueButton's published recordings (/var/bigbluebutton/published) into the rooms their meetings became, encrypted")
    .option('--match-names', "also file a recording in the one room named like its meeting, when no meeting id matches")
    .option('--org <slug>', 'the organization (organizations do not exist yet)')
    .option('--dry-run', 'print what the import would do, and write nothing')
    .option('--json', 'print JSON')
    .action(async (dirArg: string, opts: { matchNames?: boolean; org?: string; dryRun?: boolean; json?: boolean }) => {
      if (opts.org !== undefined) throw new CliError('bad-request', 'organizations do not exist yet: leave out --org, every room belongs to this installation');
      const { db, config } = await context();
      try {
        const dryRun = Boolean(opts.dryRun);
        const progress = cliProgress(dryRun ? 'Checking recordings' : 'Importing recordings', 'items', undefined, { json: opts.json });
        const report = await importBbbRecordings(db, () => openVault(config, db).vault, { dir: resolve(dirArg), dryRun, matchNames: Boolean(opts.matchNames), actor: cliActor() }, progress.update)
          .catch((err: unknown) => {
            throw err instanceof NotPublishedFolderError ? new CliError('bad-request', err.message) : err;
          })
          .finally(progress.finish);
        if (report.summary.failed > 0) process.exitCode = 1;
        print(Boolean(opts.json), report, () => reportText(report));
      } finally {
        await db.destroy();
      }
    });
}
