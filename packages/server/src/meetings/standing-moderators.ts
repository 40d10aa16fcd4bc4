import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { moderatorChanges, moderatorIdsOfRooms } from '../rooms/moderators.ts';
import type { Meetings } from './meetings.ts';

/** How often live meetings re-read their rooms' moderators (catches the CLI, another process). */
const CHECK_INTERVAL_MS = 2000;

/**
 * Keeps live meetings in line with their rooms' standing moderators: a change made in this
 * process applies at once, one made elsewhere within two seconds.
 */
export class StandingModerators {
  private timer: NodeJS.Timeout;
  private onChange = (roomId: string) => void this.sync([roomId]);

  constructor(
    private db: Db,
    private meetings: Meetings,
    private log: Logger,
  ) {
    moderatorChanges.on('changed', this.onChange);
    this.timer = setInterval(() => void this.sync(meetings.liveRooms()), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  private async sync(roomIds: string[]): Promise<void> {
    if (roomIds.length === 0) return;
    try {
      for (const [roomId, ids] of await moderatorIdsOfRooms(this.db, roomIds)) this.meetings.standingModeratorsChanged(roomId, ids);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the rooms’ moderators');
    }
  }

  stop(): void {
    clearInterval(this.timer);
    moderatorChanges.off('changed', this.onChange);
  }
}
