import type { Logger } from '../log.ts';
import { CodeAttempts } from '../meetings/code-attempts.ts';
import { MemoryConnectionCounts, type ConnectionCounts } from '../signaling/rate.ts';
import { Cluster } from './cluster.ts';
import { RedisConnectionCounts } from './connection-counts.ts';
import { RedisFailures } from './failures.ts';
import { ALWAYS, Lease, type Turn } from './lease.ts';
import { shareSessionChanges } from './session-changes.ts';

/**
 * What the server processes of one installation must agree on while they run. Without Redis it
 * is this process's own memory, as for a single process; with Redis (`MOOT_REDIS_URL`) it is
 * shared, so limits hold across processes and periodic jobs run in one of them.
 */
export interface Shared {
  /** Present with Redis. */
  cluster: Cluster | undefined;
  /** Wrong access codes per address and room. */
  codes: CodeAttempts;
  /** Open signaling connections per address. */
  connections: ConnectionCounts;
  /** Periodic jobs (retention, LDAP sync, recording processing left over, BigBlueButton callbacks) run only while this is held. */
  jobs: Turn;
  /** `changed` hears of session changes other processes made. */
  shareSessionChanges(changed: (userId: string) => void): Promise<void>;
  stop(): Promise<void>;
}

export async function openShared(redisUrl: string | undefined, log: Logger): Promise<Shared> {
  if (!redisUrl) {
    return {
      cluster: undefined,
      codes: new CodeAttempts(),
      connections: new MemoryConnectionCounts(),
      jobs: ALWAYS,
      shareSessionChanges: async () => undefined,
      stop: async () => undefined,
    };
  }
  const cluster = new Cluster(redisUrl, log);
  const connections = new RedisConnectionCounts(cluster, log);
  const jobs = new Lease(cluster, 'periodic-jobs', log);
  await jobs.start();
  const stops: (() => Promise<void>)[] = [];
  return {
    cluster,
    codes: new CodeAttempts(Date.now, undefined, new RedisFailures(cluster, 'access-codes')),
    connections,
    jobs,
    async shareSessionChanges(changed) {
      stops.push(await shareSessionChanges(cluster, changed));
    },
    async stop() {
      connections.stop();
      for (const stop of stops) await stop();
      await jobs.stop();
      await cluster.stop();
    },
  };
}
