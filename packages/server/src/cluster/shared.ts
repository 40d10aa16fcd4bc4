import type { Logger } from '../log.ts';
import { CodeAttempts } from '../meetings/code-attempts.ts';
import { MemoryConnectionCounts, type ConnectionCounts } from '../signaling/rate.ts';
import { Cluster } from './cluster.ts';
import { RedisConnectionCounts } from './connection-counts.ts';
import { RedisFailures } from './failures.ts';
import { ALWAYS, Lease, type Turn } from './lease.ts';
import { shareSessionChanges } from './session-changes.ts';
import { MeetingOwners, meetingElsewhere } from './owners.ts';
import { RelayHost } from './relay.ts';
import { RedisRecordingClaims } from './recording-claims.ts';
import { ONE_PROCESS, type RecordingClaims } from '../recordings/jobs.ts';
import { MeetingRouter } from './router.ts';
import { RedisSeats } from './org-seats.ts';
import { livePeople } from '../orgs/usage.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Knock } from '../meetings/admission.ts';
import type { SignalingRouter, SignalingSocket } from '../signaling/hub.ts';

/** Serves a browser's signaling here, on its own socket or one relayed from another process. */
export type Serve = (socket: SignalingSocket, knock: Knock, sessionToken: string | undefined, router: SignalingRouter | undefined) => void;

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
  /** Which recordings this process may process, and which are being recorded elsewhere. */
  recordings: RecordingClaims;
  /**
   * Where another process runs the room's live meeting (its internal address), for a request
   * about it to go there; undefined when it runs here, nowhere, or Redis does not answer.
   */
  elsewhere(roomId: string): Promise<string | undefined>;
  /**
   * The live process that runs the room's meeting when it is another one; undefined when this
   * process runs it or may start it now (then it is claimed for this process, as a browser's
   * join claims it).
   */
  ownerElsewhere(roomId: string): Promise<string | undefined>;
  /** `changed` hears of session changes other processes made. */
  shareSessionChanges(changed: (userId: string) => void): Promise<void>;
  /**
   * With Redis: one process owns each live meeting, and serves here the browsers other processes
   * relay to it, and the organizations' participants quotas count the people of every process.
   * The router to give this process's own connections; undefined without Redis.
   */
  routeMeetings(meetings: Meetings, serve: Serve): Promise<SignalingRouter | undefined>;
  /**
   * First thing when this process stops: the browsers relayed to it are sent back (1012) and its
   * meetings' claims and heartbeat go, so that the pages come back by themselves and start their
   * meetings again in another process instead of being told the meeting ended.
   */
  handOver(): Promise<void>;
  stop(): Promise<void>;
}

export async function openShared(redisUrl: string | undefined, log: Logger, internalUrl: string): Promise<Shared> {
  if (!redisUrl) {
    return {
      cluster: undefined,
      codes: new CodeAttempts(),
      connections: new MemoryConnectionCounts(),
      jobs: ALWAYS,
      recordings: ONE_PROCESS,
      elsewhere: async () => undefined,
      ownerElsewhere: async () => undefined,
      shareSessionChanges: async () => undefined,
      routeMeetings: async () => undefined,
      handOver: async () => undefined,
      stop: async () => undefined,
    };
  }
  const cluster = new Cluster(redisUrl, log, internalUrl);
  const connections = new RedisConnectionCounts(cluster, log);
  const jobs = new Lease(cluster, 'periodic-jobs', log);
  await jobs.start();
  const stops: (() => Promise<void>)[] = [];
  const routing: (() => Promise<void>)[] = [];
  let routed: MeetingOwners | undefined;
  const handOver = async () => {
    for (const stop of routing.splice(0)) await stop();
  };
  return {
    cluster,
    codes: new CodeAttempts(Date.now, undefined, new RedisFailures(cluster, 'access-codes')),
    connections,
    jobs,
    recordings: new RedisRecordingClaims(cluster, log),
    elsewhere: (roomId) => meetingElsewhere(cluster, roomId).catch(() => undefined),
    async ownerElsewhere(roomId) {
      // Redis that does not answer leaves the meeting here, as the router does.
      const owner = routed && (await routed.claim(roomId).catch(() => cluster.processId));
      return owner === cluster.processId ? undefined : owner;
    },
    async shareSessionChanges(changed) {
      stops.push(await shareSessionChanges(cluster, changed));
    },
    async routeMeetings(meetings, serve) {
      const owners = new MeetingOwners(cluster, () => meetings.running().map((m) => ({ roomId: m.options.roomId, size: m.size })), log);
      routed = owners;
      const router = new MeetingRouter(cluster, owners, log);
      const host = new RelayHost(cluster, (socket, knock, sessionToken) => serve(socket, knock, sessionToken, router.owned), log);
      meetings.onEnded((roomId) => owners.released(roomId));
      const seats = new RedisSeats(cluster, () => livePeople(meetings), log);
      // Every door (a browser's admission, a phone call) holds the server's meetings: the shared count goes with them.
      meetings.sharedSeats = seats;
      await owners.start();
      await host.start();
      seats.start();
      routing.push(() => host.stop(), () => seats.stop(), () => owners.stop());
      return router;
    },
    handOver,
    async stop() {
      await handOver();
      connections.stop();
      for (const stop of stops) await stop();
      await jobs.stop();
      await cluster.stop();
    },
  };
}
