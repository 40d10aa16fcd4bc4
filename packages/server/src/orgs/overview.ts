import type { OperatorOrganizationView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import type { RunningMeetingView } from '../cluster/live-meetings.ts';
import { listOrganizations, type Organization } from './orgs.ts';
import { liveByOrganization, storedUsage } from './usage.ts';

/** What operators see of an organization's own settings, on the web and in the CLI. */
export function organizationSummary(org: Organization): Omit<OperatorOrganizationView, 'usage'> {
  return {
    slug: org.slug,
    name: org.name,
    domain: org.domain,
    operator: org.operator === 1,
    suspended: org.suspended === 1,
    quotas: { rooms: org.max_rooms, participants: org.max_participants, recordingBytes: org.max_recording_bytes },
  };
}

/**
 * Every organization with its settings and counts: never a room's name, a person or any content.
 * `live` is the installation's live meetings, in whichever process runs them.
 */
export async function organizationsOverview(db: Db, live: RunningMeetingView[]): Promise<OperatorOrganizationView[]> {
  const now = liveByOrganization(live.map(({ organizationId, people }) => ({ organizationId, size: people.length })));
  return Promise.all(
    (await listOrganizations(db)).map(async (org) => ({
      ...organizationSummary(org),
      usage: { ...(await storedUsage(db, org.id)), ...(now.get(org.id) ?? { liveMeetings: 0, liveParticipants: 0 }) },
    })),
  );
}
