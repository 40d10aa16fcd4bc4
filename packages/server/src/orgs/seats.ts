import type { Meetings } from '../meetings/meetings.ts';
import { liveUsage } from './usage.ts';

/**
 * An organization's people counted across the installation's server processes
 * (cluster/org-seats.ts): whether one more fits the quota, `here` being this process's count,
 * and if so the seat is held for them.
 */
export interface SharedSeats {
  take(organizationId: string, here: number, quota: number): Promise<boolean>;
}

/**
 * Keyed by a server's meetings, which every door (a browser's admission, a phone call) already
 * holds; a server alone has none.
 */
const shared = new WeakMap<Meetings, SharedSeats>();

/** From now on, the participants quota of these meetings' organizations counts every process's people through `seats`. */
export function shareSeats(meetings: Meetings, seats: SharedSeats): void {
  shared.set(meetings, seats);
}

/**
 * Whether one more person fits the organization's participants quota: everyone in its live
 * meetings counts, seated, in the audience, listening or on the phone, in this process or, when
 * processes share Redis, in all of them.
 */
export async function seatLeft(meetings: Meetings, organizationId: string, quota: number): Promise<boolean> {
  const here = liveUsage(meetings, organizationId).liveParticipants;
  const seats = shared.get(meetings);
  return seats ? seats.take(organizationId, here, quota) : here < quota;
}
