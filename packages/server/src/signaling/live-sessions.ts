import type { Db } from '../store/db.ts';
import { sessionChanges, userForSession, usersForSessions } from '../accounts/sessions.ts';
import type { User } from '../accounts/accounts.ts';

/** How often open connections' sessions are checked again (catches the CLI, another process). */
const CHECK_INTERVAL_MS = 2000;

/** A signed-in connection: its session cookie and what to do when the session is gone. */
export interface SessionHolder {
  readonly userId: string;
  readonly sessionToken: string;
  /** The session ended or the account was suspended: leave, say why, close. */
  revoked(): void;
  /** The account changed (e.g. its server role): use the new one. */
  refreshed(user: User): void;
}

/**
 * Makes revocation reach open sockets: every signed-in connection is checked again when its
 * account's sessions change in this process or, with Redis, in another server process; and every
 * two seconds for changes nobody announced (the `moot` CLI writes to the same database).
 */
export class LiveSessions {
  private holders = new Set<SessionHolder>();
  private timer: NodeJS.Timeout;
  /** An account's sessions changed (here, or in another process that says so): its connections are checked now. */
  changed = (userId: string): void => void this.check([...this.holders].filter((h) => h.userId === userId));

  constructor(private db: Db) {
    sessionChanges.on('changed', this.changed);
    this.timer = setInterval(() => void this.check([...this.holders]), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  add(holder: SessionHolder): void {
    this.holders.add(holder);
  }

  delete(holder: SessionHolder): void {
    this.holders.delete(holder);
  }

  /** The account behind a session now (undefined: revoked), for a check at a decisive moment. */
  current(holder: SessionHolder): Promise<User | undefined> {
    return userForSession(this.db, holder.sessionToken);
  }

  private async check(holders: SessionHolder[]): Promise<void> {
    if (holders.length === 0) return;
    // A database that does not answer revokes nobody: the next check tries again.
    const users = await usersForSessions(this.db, [...new Set(holders.map((h) => h.sessionToken))]).catch(() => undefined);
    if (!users) return;
    for (const h of holders) {
      if (!this.holders.has(h)) continue;
      const user = users.get(h.sessionToken);
      if (!user || user.id !== h.userId) {
        this.holders.delete(h);
        h.revoked();
      } else {
        h.refreshed(user);
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    sessionChanges.off('changed', this.changed);
  }
}
