import type { Selectable } from 'kysely';
import type { Db } from '../store/db.ts';
import type { OrganizationsTable } from '../store/schema.ts';
import { randomId } from '../ids.ts';

export type Organization = Selectable<OrganizationsTable>;

/** What `org set` may change; a quota of null lifts it. */
export interface OrganizationPatch {
  name?: string;
  domain?: string | null;
  maxRooms?: number | null;
  maxParticipants?: number | null;
  maxRecordingBytes?: number | null;
  suspended?: boolean;
}

export class SlugTakenError extends Error {}
export class DomainTakenError extends Error {}

function select(db: Db) {
  return db.selectFrom('organizations').selectAll();
}

/** The installation's own organization: made by the migration, it cannot be deleted. */
export async function operatorOrganization(db: Db): Promise<Organization> {
  return select(db).where('operator', '=', 1).executeTakeFirstOrThrow();
}

export function findOrganizationBySlug(db: Db, slug: string): Promise<Organization | undefined> {
  return select(db).where('slug', '=', slug).executeTakeFirst();
}

export function findOrganizationById(db: Db, id: string): Promise<Organization | undefined> {
  return select(db).where('id', '=', id).executeTakeFirst();
}

export function findOrganizationByDomain(db: Db, domain: string): Promise<Organization | undefined> {
  return select(db).where('domain', '=', domain.toLowerCase()).executeTakeFirst();
}

export function listOrganizations(db: Db): Promise<Organization[]> {
  return select(db).orderBy('operator', 'desc').orderBy('slug').execute();
}

async function assertFree(db: Db, slug: string | undefined, domain: string | null | undefined, except?: string): Promise<void> {
  if (slug !== undefined) {
    const holder = await findOrganizationBySlug(db, slug);
    if (holder && holder.id !== except) throw new SlugTakenError(slug);
  }
  if (domain) {
    const holder = await findOrganizationByDomain(db, domain);
    if (holder && holder.id !== except) throw new DomainTakenError(domain);
  }
}

export async function createOrganization(db: Db, input: { slug: string; name: string; domain?: string }): Promise<Organization> {
  await assertFree(db, input.slug, input.domain);
  const row: Organization = {
    id: randomId(),
    slug: input.slug,
    name: input.name.trim(),
    domain: input.domain?.toLowerCase() ?? null,
    operator: 0,
    max_rooms: null,
    max_participants: null,
    max_recording_bytes: null,
    suspended: 0,
    created_at: new Date().toISOString(),
  };
  await db.insertInto('organizations').values(row).execute();
  return row;
}

export async function updateOrganization(db: Db, org: Organization, patch: OrganizationPatch): Promise<Organization> {
  const domain = patch.domain === undefined ? org.domain : (patch.domain?.toLowerCase() ?? null);
  await assertFree(db, undefined, domain, org.id);
  const next: Organization = {
    ...org,
    name: patch.name?.trim() ?? org.name,
    domain,
    max_rooms: patch.maxRooms === undefined ? org.max_rooms : patch.maxRooms,
    max_participants: patch.maxParticipants === undefined ? org.max_participants : patch.maxParticipants,
    max_recording_bytes: patch.maxRecordingBytes === undefined ? org.max_recording_bytes : patch.maxRecordingBytes,
    suspended: patch.suspended === undefined ? org.suspended : Number(patch.suspended),
  };
  const { id: _id, slug: _slug, operator: _operator, created_at: _created, ...changes } = next;
  await db.updateTable('organizations').set(changes).where('id', '=', org.id).execute();
  return next;
}

/**
 * Deletes the organization with its rooms (their recordings' keys go with them, as when a room
 * is deleted) and its memberships; the accounts stay, since a person may belong elsewhere too.
 * Returns the ids of the rooms deleted, for their files and the audit log.
 */
export async function deleteOrganization(db: Db, org: Organization): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const rooms = (await trx.selectFrom('rooms').select('id').where('organization_id', '=', org.id).execute()).map((r) => r.id);
    await trx.deleteFrom('rooms').where('organization_id', '=', org.id).execute();
    await trx.deleteFrom('organizations').where('id', '=', org.id).execute();
    return rooms;
  });
}
