import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Meetings } from '../meetings/meetings.ts';
import { inBatches } from '../store/batches.ts';

/** How often live meetings' organizations are read again (the `moot` CLI writes from another process). */
export const ORGANIZATION_CHECK_MS = 2000;

/**
 * Makes an operator's suspension or deletion of an organization reach its live meetings: like
 * sessions and standing moderators, the live rooms are read again every two seconds, and a
 * meeting whose organization is suspended, or whose room is gone with its organization, ends.
 */
export class OrganizationWatch {
  private timer: NodeJS.Timeout;

  constructor(
    private db: Db,
    private meetings: Meetings,
    private log: Logger,
  ) {
    this.timer = setInterval(() => void this.check(), ORGANIZATION_CHECK_MS);
    this.timer.unref();
  }

  /** Ends at once the meetings whose organization is suspended or whose room no longer exists. */
  async check(): Promise<void> {
    const roomIds = this.meetings.liveRooms();
    if (roomIds.length === 0) return;
    const suspended = new Map<string, boolean>();
    try {
      for (const batch of inBatches(roomIds)) {
        const rows = await this.db
          .selectFrom('rooms')
          .innerJoin('organizations', 'organizations.id', 'rooms.organization_id')
          .select(['rooms.id', 'organizations.suspended'])
          .where('rooms.id', 'in', batch)
          .execute();
        for (const row of rows) suspended.set(row.id, row.suspended === 1);
      }
    } catch (err) {
      // A database that does not answer ends nothing: the next check tries again.
      this.log.warn({ err: (err as Error).message }, 'could not read the live rooms’ organizations');
      return;
    }
    for (const roomId of roomIds) {
      const meeting = this.meetings.meetingOf(roomId);
      const state = suspended.get(roomId);
      if (!meeting || meeting.ended || state === false) continue;
      const reason = state === undefined ? 'room-deleted' : 'organization-suspended';
      this.log.info({ room: roomId, reason }, 'meeting ended by its organization’s state');
      await this.meetings.end(meeting, reason);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
