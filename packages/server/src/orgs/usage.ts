import type { Db } from '../store/db.ts';
import type { Meetings } from '../meetings/meetings.ts';

/** What is kept of an organization: the counts the CLI can read without a running server. */
export interface StoredUsage {
  members: number;
  rooms: number;
  /** Bytes of its finished recordings, as stored. */
  recordingBytes: number;
}

/** What an operator sees of an organization: counts, never names or content. */
export interface OrganizationUsage extends StoredUsage {
  liveMeetings: number;
  /** Everyone in its live meetings: seated, in the audience, listening or on the phone (not those waiting in a lobby). */
  liveParticipants: number;
}

const count = (row: { n: number | string | bigint | null } | undefined) => Number(row?.n ?? 0);

/** Bytes the organization's recordings take, the figure its storage quota is held against. */
export async function recordingBytes(db: Db, organizationId: string): Promise<number> {
  const row = await db
    .withTables<{ recordings: { room_id: string; size: number } }>()
    .selectFrom('recordings')
    .innerJoin('rooms', 'rooms.id', 'recordings.room_id')
    .select((eb) => eb.fn.sum<number>('recordings.size').as('n'))
    .where('rooms.organization_id', '=', organizationId)
    .executeTakeFirst();
  return count(row);
}

export async function roomCount(db: Db, organizationId: string): Promise<number> {
  return count(await db.selectFrom('rooms').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirst());
}

export async function storedUsage(db: Db, organizationId: string): Promise<StoredUsage> {
  const [members, rooms, bytes] = await Promise.all([
    db.selectFrom('organization_members').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirst(),
    roomCount(db, organizationId),
    recordingBytes(db, organizationId),
  ]);
  return { members: count(members), rooms, recordingBytes: bytes };
}

type Live = Pick<OrganizationUsage, 'liveMeetings' | 'liveParticipants'>;

/** Each organization's live meetings and the people in them, from meetings given with their organization and size. */
export function liveByOrganization(meetings: Iterable<{ organizationId: string; size: number }>): Map<string, Live> {
  const usage = new Map<string, Live>();
  for (const { organizationId, size } of meetings) {
    const sum = usage.get(organizationId) ?? { liveMeetings: 0, liveParticipants: 0 };
    usage.set(organizationId, { liveMeetings: sum.liveMeetings + 1, liveParticipants: sum.liveParticipants + size });
  }
  return usage;
}

/** How many people are in this server process's live meetings now, by organization (those with nobody left out). */
export function livePeople(meetings: Meetings): Map<string, number> {
  const here = meetings.runningLive().map(({ meeting, room }) => ({ organizationId: room.organization_id, size: meeting.size }));
  const people = new Map<string, number>();
  for (const [organizationId, { liveParticipants }] of liveByOrganization(here)) if (liveParticipants > 0) people.set(organizationId, liveParticipants);
  return people;
}
