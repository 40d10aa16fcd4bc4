import type { Cluster } from './cluster.ts';
import type { ConnectionCounts } from '../signaling/rate.ts';
import type { Logger } from '../log.ts';

/** How long a connection counts without its process renewing it: a process that dies stops counting within this. */
const LEASE_MS = 60_000;
const RENEW_MS = LEASE_MS / 3;

/**
 * Open signaling connections counted across processes: per address a sorted set of connections
 * scored by when their lease ends. Each process renews its own connections' leases, so those of a
 * process that died (killed, never closing them) drop out by themselves.
 */
export class RedisConnectionCounts implements ConnectionCounts {
  private mine = new Map<string, string>();
  private next = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private cluster: Cluster,
    private log: Logger,
  ) {
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
    this.timer.unref();
  }

  private key(address: string): string {
    return this.cluster.key('connections', address);
  }

  async count(address: string): Promise<number> {
    const key = this.key(address);
    const result = await this.cluster.redis.multi().zremrangebyscore(key, '-inf', Date.now()).zcard(key).exec();
    return Number(result?.[1]?.[1] ?? 0);
  }

  opened(address: string): () => void {
    const member = `${this.cluster.processId}:${this.next++}`;
    const key = this.key(address);
    this.mine.set(member, key);
    void this.cluster.redis
      .multi()
      .zadd(key, Date.now() + LEASE_MS, member)
      .pexpire(key, LEASE_MS)
      .exec()
      .catch((err: Error) => this.log.warn({ err: err.message }, 'could not count a signaling connection'));
    return () => {
      if (!this.mine.delete(member)) return;
      void this.cluster.redis.zrem(key, member).catch(() => undefined);
    };
  }

  private async renew(): Promise<void> {
    if (this.mine.size === 0) return;
    const until = Date.now() + LEASE_MS;
    const batch = this.cluster.redis.multi();
    for (const [member, key] of this.mine) batch.zadd(key, until, member).pexpire(key, LEASE_MS);
    await batch.exec().catch((err: Error) => this.log.warn({ err: err.message }, 'could not renew the signaling connections’ count'));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
