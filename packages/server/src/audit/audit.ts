import type { AuditEntryView } from '@moot/protocol';
import type { Db } from '../store/db.ts';

export interface AuditEntry {
  /** Who: an account email, `cli:<unix user>`, or `system`. */
  actor: string;
  action: string;
  target?: string;
  /** Where from: a client IP, or `cli`. */
  origin?: string;
  details?: Record<string, unknown>;
}

/** Append-only: nothing in moot updates or deletes audit rows. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      origin: entry.origin ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

export type AuditRecord = AuditEntryView;

/** The newest entries first. */
export async function readAudit(db: Db, limit: number): Promise<AuditRecord[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
}
