import type { Cluster } from './cluster.ts';
import { FORGET_MS, type FailureStore, type Failures } from '../meetings/code-attempts.ts';

/**
 * Wrong access codes counted in Redis, so that guessing through several server processes is
 * slowed down as through one: a hash per key (count, last), forgotten by Redis itself after an
 * hour without a new failure.
 */
export class RedisFailures implements FailureStore {
  constructor(
    private cluster: Cluster,
    private name: string,
  ) {}

  private key(key: string): string {
    return this.cluster.key('failures', this.name, key);
  }

  async get(key: string): Promise<Failures | undefined> {
    const f = await this.cluster.redis.hgetall(this.key(key));
    return f.count ? { count: Number(f.count), last: Number(f.last) } : undefined;
  }

  async add(key: string, now: number): Promise<Failures> {
    const k = this.key(key);
    const result = await this.cluster.redis.multi().hincrby(k, 'count', 1).hset(k, 'last', now).pexpire(k, FORGET_MS).exec();
    const count = Number(result?.[0]?.[1]);
    if (!Number.isInteger(count)) throw new Error('redis did not count the failure');
    return { count, last: now };
  }

  async forget(key: string): Promise<void> {
    await this.cluster.redis.del(this.key(key));
  }
}
