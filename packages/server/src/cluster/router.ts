import { createHash } from 'node:crypto';
import type { Cluster } from './cluster.ts';
import type { MeetingOwners } from './owners.ts';
import { openRelay, type BrowserEnd, type Relay } from './relay.ts';
import type { Knock } from '../meetings/admission.ts';
import type { SignalingRouter } from '../signaling/hub.ts';
import type { Logger } from '../log.ts';

/** A resume token finds its meeting this long after the person entered (a day's meeting and then some). */
const RESUME_ROUTE_MS = 24 * 60 * 60_000;

/**
 * Sends each browser's entry to the process that owns the meeting: a `join` names the room, a
 * `resume` finds it by its token (recorded when the person entered, under the token's hash).
 * Redis that does not answer leaves the entry here: a meeting in one process still works.
 */
export class MeetingRouter implements SignalingRouter {
  constructor(
    private cluster: Cluster,
    private owners: MeetingOwners,
    private log: Logger,
  ) {}

  private resumeKey(token: string): string {
    return this.cluster.key('resume', createHash('sha256').update(token).digest('base64url'));
  }

  async route(entry: { type: 'join'; room: string } | { type: 'resume'; token: string }, knock: Knock, sessionToken: string | undefined, browser: BrowserEnd): Promise<Relay | undefined> {
    try {
      const roomId = entry.type === 'join' ? entry.room : await this.cluster.redis.get(this.resumeKey(entry.token));
      if (!roomId) return undefined;
      const owner = await this.owners.claim(roomId);
      if (owner === this.cluster.processId) return undefined;
      return await openRelay(this.cluster, this.owners, owner, knock, sessionToken, browser, this.log);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not ask where a meeting runs: serving it here');
      return undefined;
    }
  }

  entered(roomId: string, resumeToken: string): void {
    void this.cluster.redis.set(this.resumeKey(resumeToken), roomId, 'PX', RESUME_ROUTE_MS).catch(() => undefined);
  }

  /** For the connections this process serves for others: they are at their meeting's owner already. */
  get owned(): SignalingRouter {
    return { route: async () => undefined, entered: (roomId, token) => this.entered(roomId, token) };
  }
}
