import type { AuditEntryView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { auditDb, ofOrganization, type AuditSelect } from './organization-scope.ts';

export interface AuditEntry {
  /** Who: an account email, `cli:<unix user>`, or `system`. */
  actor: string;
  action: string;
  target?: string;
  /** Where from: a client IP, or `cli`. */
  origin?: string;
  details?: Record<string, unknown>;
  /** The organization the action was in, where it names one: its admins read the entry. */
  organizationId?: string;
}

/** Append-only: nothing in moot updates or deletes audit rows. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditDb(db)
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      origin: entry.origin ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      organization_id: entry.organizationId ?? null,
    })
    .execute();
}

export type AuditRecord = AuditEntryView;

/**
 * The newest entries first, narrowed as asked; with every action the log holds, for a filter.
 * With an organization: only what its admins may read (audit/organization-scope.ts).
 */
export async function readAudit(
  db: Db,
  query: { limit: number; person?: string; action?: string; from?: string; to?: string },
  organizationId?: string,
): Promise<{ entries: AuditRecord[]; actions: string[] }> {
  const scoped = <O>(select: AuditSelect<O>): AuditSelect<O> => (organizationId ? select.where(ofOrganization(organizationId)) : select);
  let select = scoped(auditDb(db).selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'target', 'origin', 'details']).orderBy('id', 'desc').limit(query.limit));
  if (query.person) {
    // lower() on both sides: LIKE is case-blind in SQLite but not in PostgreSQL. A stray % or _ in the search only widens it.
    const like = `%${query.person}%`;
    select = select.where((eb) => {
      const pattern = eb.fn<string>('lower', [eb.val(like)]);
      return eb.or([eb(eb.fn('lower', ['actor']), 'like', pattern), eb(eb.fn('lower', ['target']), 'like', pattern)]);
    });
  }
  if (query.action) select = select.where('action', '=', query.action);
  if (query.from) select = select.where('at', '>=', query.from);
  if (query.to) select = select.where('at', '<=', query.to);
  const rows = await select.execute();
  const actions = await scoped(auditDb(db).selectFrom('audit_log').select('action').distinct().orderBy('action')).execute();
  return {
    entries: rows.map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null })),
    actions: actions.map((a) => a.action),
  };
}
