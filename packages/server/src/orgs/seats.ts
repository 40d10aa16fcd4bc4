import type { Meetings } from '../meetings/meetings.ts';
import { livePeople } from './usage.ts';

/**
 * An organization's people counted across the installation's server processes
 * (cluster/org-seats.ts): whether one more fits the quota, `here` being this process's count,
 * and if so the seat is held for them.
 */
export interface SharedSeats {
  take(organizationId: string, here: number, quota: number): Promise<boolean>;
}

/**
 * Whether one more person fits the organization's participants quota: everyone in its live
 * meetings counts, seated, in the audience, listening or on the phone, in this process or, when
 * processes share Redis, in all of them.
 */
export async function seatLeft(meetings: Meetings, organizationId: string, quota: number): Promise<boolean> {
  const here = livePeople(meetings).get(organizationId) ?? 0;
  const seats = meetings.sharedSeats;
  return seats ? seats.take(organizationId, here, quota) : here < quota;
}
