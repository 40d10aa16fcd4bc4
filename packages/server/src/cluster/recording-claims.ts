import type { Cluster } from './cluster.ts';
import { Lease } from './lease.ts';
import { beatKey, ownerKey } from './owners.ts';
import type { RecordingClaims } from '../recordings/jobs.ts';
import type { Logger } from '../log.ts';

/**
 * Recordings among several processes: one processes a recording at a time (a lease per
 * recording, held while it composes), and a recording whose meeting runs in a live process
 * (this one included, after taking the periodic jobs over) goes on, not one cut off by a crash.
 */
export class RedisRecordingClaims implements RecordingClaims {
  constructor(
    private cluster: Cluster,
    private log: Logger,
  ) {}

  async take(id: string): Promise<(() => Promise<void>) | undefined> {
    const lease = new Lease(this.cluster, `recording:${id}`, this.log);
    await lease.start();
    if (lease.held) return () => lease.stop();
    await lease.stop();
    return undefined;
  }

  async meetingRuns(roomId: string): Promise<boolean> {
    const owner = await this.cluster.redis.get(ownerKey(this.cluster, roomId));
    return owner !== null && (await this.cluster.redis.exists(beatKey(this.cluster, owner))) === 1;
  }
}
