import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Db } from '../store/db.ts';

/** The audit log with the organization column of migration 0020, and the recordings it may name. */
type AuditExtra = {
  audit_log: { organization_id: string | null };
  recordings: { id: string; room_id: string };
};
type AuditTables = Database & AuditExtra;

export const auditDb = (db: Db) => db.withTables<AuditExtra>();

export type AuditSelect<O> = SelectQueryBuilder<AuditTables, 'audit_log', O>;

/**
 * What an organization's admins read of the log: entries made in the organization, and older
 * or server-wide entries about its rooms, its recordings, or people who belong to it alone. A
 * person who is also elsewhere appears only through entries tagged with this organization, so
 * nothing done in another organization shows.
 */
export function ofOrganization(organizationId: string) {
  return (eb: ExpressionBuilder<AuditTables, 'audit_log'>) => {
    const rooms = eb.selectFrom('rooms').select('rooms.id').where('rooms.organization_id', '=', organizationId);
    const recordings = eb
      .selectFrom('recordings')
      .innerJoin('rooms', 'rooms.id', 'recordings.room_id')
      .select('recordings.id')
      .where('rooms.organization_id', '=', organizationId);
    const elsewhere = eb.selectFrom('organization_members').select('organization_members.user_id').where('organization_members.organization_id', '<>', organizationId);
    const alone = eb
      .selectFrom('users')
      .innerJoin('organization_members', 'organization_members.user_id', 'users.id')
      .select('users.email')
      .where('organization_members.organization_id', '=', organizationId)
      .where('users.id', 'not in', elsewhere);
    return eb.or([
      eb('audit_log.organization_id', '=', organizationId),
      eb.and([
        eb('audit_log.organization_id', 'is', null),
        eb.or([eb('audit_log.target', 'in', rooms), eb('audit_log.target', 'in', recordings), eb('audit_log.actor', 'in', alone), eb('audit_log.target', 'in', alone)]),
      ]),
    ]);
  };
}
