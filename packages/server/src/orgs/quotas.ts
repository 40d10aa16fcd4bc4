import type { Db } from '../store/db.ts';
import type { Meetings } from '../meetings/meetings.ts';
import { findOrganizationById, type Organization } from './orgs.ts';
import { recordingBytes, roomCount } from './usage.ts';
import { seatLeft } from './seats.ts';

/** Why an organization may not do something now; the codes are the protocol's. */
export type OrganizationRefusal = 'org-suspended' | 'org-room-quota' | 'org-participant-quota' | 'org-storage-quota';

/** A quota of null is no limit; reaching the quota is as refused as passing it. */
const reached = (used: number, quota: number | null) => quota !== null && used >= quota;

async function active(db: Db, organizationId: string): Promise<Organization | OrganizationRefusal> {
  const org = await findOrganizationById(db, organizationId);
  // A vanished organization took its rooms along: what remains of them is as good as suspended.
  return org && org.suspended === 0 ? org : 'org-suspended';
}

/** Whether the organization's suspension refuses sign-ins, playback and the like. */
export async function suspensionRefusal(db: Db, organizationId: string): Promise<'org-suspended' | undefined> {
  return typeof (await active(db, organizationId)) === 'string' ? 'org-suspended' : undefined;
}

/** Whether the organization may have one more room. */
export async function roomRefusal(db: Db, organizationId: string): Promise<OrganizationRefusal | undefined> {
  const org = await active(db, organizationId);
  if (typeof org === 'string') return org;
  return reached(await roomCount(db, org.id), org.max_rooms) ? 'org-room-quota' : undefined;
}

/** Whether one more person may enter one of the organization's meetings (see `seatLeft` for who counts). */
export async function joinRefusal(db: Db, meetings: Meetings, organizationId: string): Promise<OrganizationRefusal | undefined> {
  const org = await active(db, organizationId);
  if (typeof org === 'string') return org;
  if (org.max_participants === null) return undefined;
  return (await seatLeft(meetings, org.id, org.max_participants)) ? undefined : 'org-participant-quota';
}

/** The organization of a room's recordings and what its storage quota leaves; undefined when unlimited. */
export async function storageLeft(db: Db, organizationId: string): Promise<number | undefined> {
  const org = await findOrganizationById(db, organizationId);
  if (!org || org.max_recording_bytes === null) return undefined;
  return org.max_recording_bytes - (await recordingBytes(db, org.id));
}

/** Whether a recording may start in one of the organization's rooms. */
export async function recordingRefusal(db: Db, organizationId: string): Promise<OrganizationRefusal | undefined> {
  const org = await active(db, organizationId);
  if (typeof org === 'string') return org;
  const left = await storageLeft(db, org.id);
  return left !== undefined && left <= 0 ? 'org-storage-quota' : undefined;
}
