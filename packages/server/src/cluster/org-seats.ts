import type { Cluster } from './cluster.ts';
import type { Logger } from '../log.ts';
import type { SharedSeats } from '../orgs/seats.ts';
import { beatKey } from './owners.ts';

/** How often this process writes its counts: someone who left frees their seat for the other processes within this. */
const WRITE_MS = 1000;
/** A seat given counts until the meeting shows its person, or this long (a meeting's first entry waits for its media rooms). */
const HOLD_MS = 5000;
/** An organization's counts go when no process has written them for this long, all of their processes being gone. */
const KEEP_MS = 60_000;

/**
 * Sums the organization's people in every process that still beats, this one's given as it is
 * now, and takes a seat for this process when the sum is under the quota; the fields of processes
 * whose heartbeat lapsed are dropped. KEYS[1] the organization's counts; ARGV: this process, its
 * count, the quota, the prefix of heartbeat keys, how long the counts are kept.
 */
const TAKE = `
local total = tonumber(ARGV[2])
local counts = redis.call('hgetall', KEYS[1])
for i = 1, #counts, 2 do
  if counts[i] ~= ARGV[1] then
    if redis.call('exists', ARGV[4] .. counts[i]) == 1 then total = total + tonumber(counts[i + 1])
    else redis.call('hdel', KEYS[1], counts[i]) end
  end
end
local taken = total < tonumber(ARGV[3])
local mine = tonumber(ARGV[2]) + (taken and 1 or 0)
if mine > 0 then
  redis.call('hset', KEYS[1], ARGV[1], mine)
  redis.call('pexpire', KEYS[1], ARGV[5])
else
  redis.call('hdel', KEYS[1], ARGV[1])
end
return taken and 1 or 0`;

/**
 * The organizations' people in live meetings, counted across the installation's processes: per
 * organization a hash (`moot:org-people:<organization>`) with one field per process, named by
 * its process id, holding how many people that process's meetings have. Each process writes its
 * own fields every second; a check sums the fields of processes whose heartbeat still exists, so
 * a killed process's people stop counting when its heartbeat lapses.
 */
export class RedisSeats implements SharedSeats {
  /** Organizations with a field of this process. */
  private written = new Set<string>();
  /** Seats given and not yet seen in the meetings. */
  private held = new Map<string, { count: number; until: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private cluster: Cluster,
    /** This process's people now, by organization. */
    private here: () => Map<string, number>,
    private log: Logger,
  ) {}

  private key(organizationId: string): string {
    return this.cluster.key('org-people', organizationId);
  }

  start(): void {
    this.timer = setInterval(() => void this.write(), WRITE_MS);
    this.timer.unref();
  }

  async take(organizationId: string, here: number, quota: number): Promise<boolean> {
    const { redis, processId } = this.cluster;
    // Held before asking, so that a write of the counts meanwhile does not take the seat back;
    // a refusal keeps the hold of a seat given earlier, which the meetings may not show yet.
    const before = this.held.get(organizationId);
    const giveBack = () => (before ? this.held.set(organizationId, before) : this.held.delete(organizationId));
    this.held.set(organizationId, { count: here + 1, until: Date.now() + HOLD_MS });
    this.written.add(organizationId);
    try {
      const taken = (await redis.eval(TAKE, 1, this.key(organizationId), processId, here, quota, beatKey(this.cluster, ''), KEEP_MS)) === 1;
      if (!taken) giveBack();
      return taken;
    } catch (err) {
      giveBack();
      // Meetings within one process keep working while Redis does not answer, as their routing does.
      this.log.warn({ err: (err as Error).message }, 'could not count the organization’s people in the other processes: counting this one’s');
      return here < quota;
    }
  }

  private async write(): Promise<void> {
    const counts = this.here();
    const now = Date.now();
    for (const [organizationId, hold] of this.held) {
      const seen = counts.get(organizationId) ?? 0;
      if (hold.until < now || seen >= hold.count) this.held.delete(organizationId);
      else counts.set(organizationId, hold.count);
    }
    if (counts.size === 0 && this.written.size === 0) return;
    const { redis, processId } = this.cluster;
    const batch = redis.multi();
    for (const organizationId of this.written) if (!counts.has(organizationId)) batch.hdel(this.key(organizationId), processId);
    for (const [organizationId, count] of counts) batch.hset(this.key(organizationId), processId, count).pexpire(this.key(organizationId), KEEP_MS);
    this.written = new Set(counts.keys());
    await batch.exec().catch((err: Error) => this.log.warn({ err: err.message }, 'could not write the organizations’ people'));
  }

  /** This process's people stop counting at once: it is stopping, and its pages come back through the others. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const batch = this.cluster.redis.multi();
    for (const organizationId of this.written) batch.hdel(this.key(organizationId), this.cluster.processId);
    this.written.clear();
    await batch.exec().catch(() => undefined);
  }
}
