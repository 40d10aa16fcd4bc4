import type { Db } from '../../store/db.ts';
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

/** Reads the Greenlight database, plans against moot as it is, and writes unless it is a dry run. */
export async function importGreenlight(db: Db, options: GreenlightImportOptions): Promise<ImportReport> {
  const data = await readGreenlight(options.databaseUrl);
  const plan = await planImport(db, data);
  if (options.dryRun) return importReport(plan, true, options.publicUrl);
  const applied = await applyImport(db, plan, options.defaultMaxParticipants);
  return importReport(plan, false, options.publicUrl, applied);
}
