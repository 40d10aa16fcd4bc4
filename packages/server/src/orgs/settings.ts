import { createHash } from 'node:crypto';
import type { Generated, Insertable } from 'kysely';
import type { LogoType } from '@moot/protocol';
import type { Db } from '../store/db.ts';

/** What an organization's admins decide for it (migration 0020); no row means the defaults. */
interface OrganizationSettingsTable {
  organization_id: string;
  guests: Generated<number>;
  recordings: Generated<number>;
  retention_days: number | null;
  accent_color: string | null;
  logo_type: string | null;
  logo_data: string | null;
  logo_version: string | null;
}

export interface OrganizationPolicies {
  /** Guests may join the organization's rooms that allow them. Off by default: least privilege. */
  guests: boolean;
  recordings: boolean;
  retentionDays: number | null;
}

export interface OrganizationBranding {
  color: string | null;
  /** A version of the logo for its address, so a browser fetches a new one at once; null: none. */
  logoVersion: string | null;
}

const defaults: OrganizationPolicies & OrganizationBranding = { guests: false, recordings: true, retentionDays: null, color: null, logoVersion: null };

const settingsDb = (db: Db) => db.withTables<{ organization_settings: OrganizationSettingsTable }>();

export async function organizationSettings(db: Db, organizationId: string): Promise<OrganizationPolicies & OrganizationBranding> {
  const row = await settingsDb(db)
    .selectFrom('organization_settings')
    .select(['guests', 'recordings', 'retention_days', 'accent_color', 'logo_version'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return { ...defaults };
  return { guests: row.guests === 1, recordings: row.recordings === 1, retentionDays: row.retention_days, color: row.accent_color, logoVersion: row.logo_version };
}

async function write(db: Db, organizationId: string, values: Omit<Insertable<OrganizationSettingsTable>, 'organization_id'>): Promise<void> {
  await settingsDb(db)
    .insertInto('organization_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
}

/** An organization may shorten the server's retention (0: none), never lengthen it; the reason when it tries. */
export function retentionRefusal(days: number | null, serverDays: number): string | undefined {
  if (serverDays > 0 && days !== null && days > serverDays) return `retention days: at most ${serverDays}, the server's own limit`;
  return undefined;
}

export function setOrganizationPolicies(db: Db, organizationId: string, patch: Partial<OrganizationPolicies>): Promise<void> {
  return write(db, organizationId, {
    ...(patch.guests !== undefined ? { guests: Number(patch.guests) } : {}),
    ...(patch.recordings !== undefined ? { recordings: Number(patch.recordings) } : {}),
    ...(patch.retentionDays !== undefined ? { retention_days: patch.retentionDays } : {}),
  });
}

export function setAccentColor(db: Db, organizationId: string, color: string | null): Promise<void> {
  return write(db, organizationId, { accent_color: color });
}

export function setLogo(db: Db, organizationId: string, logo: { type: LogoType; bytes: Buffer } | null): Promise<void> {
  if (!logo) return write(db, organizationId, { logo_type: null, logo_data: null, logo_version: null });
  const version = createHash('sha256').update(logo.bytes).digest('hex').slice(0, 16);
  return write(db, organizationId, { logo_type: logo.type, logo_data: logo.bytes.toString('base64'), logo_version: version });
}

export async function organizationLogo(db: Db, organizationId: string): Promise<{ type: string; bytes: Buffer; version: string } | undefined> {
  const row = await settingsDb(db)
    .selectFrom('organization_settings')
    .select(['logo_type', 'logo_data', 'logo_version'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row?.logo_type || !row.logo_data || !row.logo_version) return undefined;
  return { type: row.logo_type, bytes: Buffer.from(row.logo_data, 'base64'), version: row.logo_version };
}

/** Each room's organization's retention in days, for the rooms whose organization set one. */
export async function retentionByRoom(db: Db): Promise<Map<string, number>> {
  const rows = await settingsDb(db)
    .selectFrom('organization_settings')
    .innerJoin('rooms', 'rooms.organization_id', 'organization_settings.organization_id')
    .select(['rooms.id', 'organization_settings.retention_days'])
    .where('organization_settings.retention_days', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.retention_days!]));
}

/** Whether the organization a room belongs to lets its moderators record. */
export async function roomOrganizationAllowsRecording(db: Db, roomId: string): Promise<boolean> {
  const row = await settingsDb(db)
    .selectFrom('rooms')
    .leftJoin('organization_settings', 'organization_settings.organization_id', 'rooms.organization_id')
    .select('organization_settings.recordings')
    .where('rooms.id', '=', roomId)
    .executeTakeFirst();
  return row?.recordings !== 0;
}
