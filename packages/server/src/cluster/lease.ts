import type { Cluster } from './cluster.ts';
import type { Logger } from '../log.ts';

/** Extends the lease only while this process still holds it (another may have taken it after a pause). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Something at most one process of the installation may do at a time; without Redis, this process always may. */
export interface Turn {
  readonly held: boolean;
  /** Called each time this process takes the turn from another (never for a turn held from the start). */
  onTaken(listener: () => void): void;
}

export const ALWAYS: Turn = { held: true, onTaken: () => undefined };

/**
 * A lease in Redis (SET NX PX) held by one process at a time and renewed well before it expires;
 * a process that dies or loses Redis lets it lapse, and another takes it at its next try.
 */
export class Lease implements Turn {
  private holding = false;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private takenListeners: (() => void)[] = [];

  constructor(
    private cluster: Cluster,
    private name: string,
    private log: Logger,
    private ttlMs = 15_000,
  ) {}

  /** Held, and not past the moment it would have lapsed if a renewal went unanswered. */
  get held(): boolean {
    return this.holding && Date.now() < this.heldUntil;
  }

  /** Tries at once (resolving after that first try), then renews or tries again every third of the lease. */
  onTaken(listener: () => void): void {
    this.takenListeners.push(listener);
  }

  async start(): Promise<void> {
    await this.attempt();
    this.started = true;
    this.timer = setInterval(() => void this.attempt(), this.ttlMs / 3);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    const { redis, processId } = this.cluster;
    const key = this.cluster.key('lease', this.name);
    const asked = Date.now();
    try {
      const ok = this.holding ? (await redis.eval(RENEW, 1, key, processId, this.ttlMs)) === 1 : (await redis.set(key, processId, 'PX', this.ttlMs, 'NX')) === 'OK';
      if (ok !== this.holding) this.log.info({ lease: this.name }, ok ? 'took the lease' : 'lost the lease');
      const taken = ok && !this.holding && this.started;
      this.holding = ok;
      if (ok) this.heldUntil = asked + this.ttlMs;
      if (taken) for (const listener of this.takenListeners) listener();
    } catch (err) {
      // Unanswered: the lease is still ours until heldUntil, and the next try renews it or finds it lost.
      this.log.warn({ lease: this.name, err: (err as Error).message }, 'could not renew the lease');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (!this.holding) return;
    this.holding = false;
    await this.cluster.redis.eval(RELEASE, 1, this.cluster.key('lease', this.name), this.cluster.processId).catch(() => undefined);
  }
}
