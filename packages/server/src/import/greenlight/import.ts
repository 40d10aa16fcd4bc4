import type { Db } from '../../store/db.ts';
import type { OnProgress } from '../../backup/progress.ts';
import { applyImport } from './apply.ts';
import { planImport } from './plan.ts';
import { importReport, type ImportReport } from './report.ts';
import { readGreenlight } from './source.ts';

export interface GreenlightImportOptions {
  databaseUrl: string;
  dryRun: boolean;
  publicUrl: string;
  defaultMaxParticipants: number;
}

/**
 * Reads the Greenlight database, plans against moot as it is, and writes unless it is a dry run.
 * Progress is told in those steps: each is one query or one transaction, with no count inside.
 */
export async function importGreenlight(db: Db, options: GreenlightImportOptions, onProgress: OnProgress = () => undefined): Promise<ImportReport> {
  const steps = options.dryRun ? 2 : 3;
  onProgress(0, steps);
  const data = await readGreenlight(options.databaseUrl);
  onProgress(1, steps);
  const plan = await planImport(db, data);
  onProgress(2, steps);
  if (options.dryRun) return importReport(plan, true, options.publicUrl);
  const applied = await applyImport(db, plan, options.defaultMaxParticipants);
  onProgress(3, steps);
  return importReport(plan, false, options.publicUrl, applied);
}
