import type { Cluster } from './cluster.ts';
import type { Logger } from '../log.ts';

/** How long an owner's claim and a process's heartbeat last unrenewed: a process killed outright loses both within this. */
const TTL_MS = 9000;
const RENEW_MS = 3000;

/**
 * A meeting starts in the process asked unless another carries this many fewer people: relaying
 * costs every person who reaches another process a hop, so a meeting moves only for a clear gain.
 * A meeting that is starting weighs as much, its people being still to come: meetings started
 * together then alternate between processes instead of piling on the first.
 */
export const PLACEMENT_MARGIN = 8;

/**
 * The owner of a room's meeting: the one recorded, while its process still beats; otherwise
 * (none, or a dead process) the process carrying the fewest people, the asking one unless another
 * carries PLACEMENT_MARGIN fewer; the starting meeting counts in the chosen one's load at once.
 * Processes no longer beating leave the loads. KEYS[1] the room's key, KEYS[2] the processes'
 * loads; ARGV: the asking process, the lease, the prefix of processes' heartbeat keys, the margin.
 */
const CLAIM = `
local current = redis.call('get', KEYS[1])
if current and (current == ARGV[1] or redis.call('exists', ARGV[3] .. current) == 1) then return current end
local chosen = ARGV[1]
local least = tonumber(redis.call('zscore', KEYS[2], ARGV[1]) or 0) - tonumber(ARGV[4])
local loads = redis.call('zrange', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #loads, 2 do
  if loads[i] ~= ARGV[1] then
    if redis.call('exists', ARGV[3] .. loads[i]) == 0 then redis.call('zrem', KEYS[2], loads[i])
    elseif tonumber(loads[i + 1]) < least then chosen, least = loads[i], tonumber(loads[i + 1]) end
  end
end
redis.call('set', KEYS[1], chosen, 'PX', ARGV[2])
redis.call('zincrby', KEYS[2], ARGV[4], chosen)
return chosen`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** The internal address of a room's owner while it beats, unless it is the asking process. KEYS[1] the room's key; ARGV: the asking process, the prefix of heartbeat keys. */
const ELSEWHERE = `
local owner = redis.call('get', KEYS[1])
if not owner or owner == ARGV[1] then return false end
return redis.call('get', ARGV[2] .. owner)`;

export const ownerKey = (cluster: Cluster, roomId: string) => cluster.key('meeting-owner', roomId);
export const beatKey = (cluster: Cluster, processId: string) => cluster.key('process', processId);
/** A sorted set: each live process by the people in the meetings it runs, and the meetings it is starting (PLACEMENT_MARGIN each). */
const loadKey = (cluster: Cluster) => cluster.key('process-loads');

/** Where the other live processes of the installation are reached. */
export async function otherProcesses(cluster: Cluster): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of cluster.redis.scanStream({ match: beatKey(cluster, '*'), count: 1000 })) keys.push(...(batch as string[]));
  const others = keys.filter((key) => key !== beatKey(cluster, cluster.processId));
  if (others.length === 0) return [];
  return (await cluster.redis.mget(others)).filter((url): url is string => url !== null);
}

/** Where another live process runs the room's meeting (its internal address); undefined when it runs here or nowhere. */
export async function meetingElsewhere(cluster: Cluster, roomId: string): Promise<string | undefined> {
  const url = await cluster.redis.eval(ELSEWHERE, 1, ownerKey(cluster, roomId), cluster.processId, beatKey(cluster, ''));
  return typeof url === 'string' ? url : undefined;
}

/**
 * Which process owns each live meeting, as LiveKit's router keeps a room-to-node map: one
 * process runs a meeting (its roster, its media rooms); the others relay its members'
 * signaling there. Each process beats (a key that expires without renewal, holding where its
 * HTTP is reached), tells its load and renews the claims of the meetings it runs; a new meeting
 * goes to the least-loaded process, as LiveKit places rooms; a dead process's claims are taken
 * over by the next process someone asks to enter.
 */
export class MeetingOwners {
  /** Claimed here, by when the claim was made: renewed while the meeting runs, or briefly while it starts. */
  private claimed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private cluster: Cluster,
    /** The meetings that run in this process now: their rooms and how many people each has. */
    private running: () => { roomId: string; size: number }[],
    private log: Logger,
  ) {}

  private roomKey(roomId: string): string {
    return ownerKey(this.cluster, roomId);
  }

  private beatKey(processId: string): string {
    return beatKey(this.cluster, processId);
  }

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
    this.timer.unref();
  }

  /** The process that owns (or now owns) the room's meeting: this one or another. */
  async claim(roomId: string): Promise<string> {
    const owner = String(await this.cluster.redis.eval(CLAIM, 2, this.roomKey(roomId), loadKey(this.cluster), this.cluster.processId, TTL_MS, this.beatKey(''), PLACEMENT_MARGIN));
    if (owner === this.cluster.processId) this.claimed.set(roomId, Date.now());
    return owner;
  }

  /** Whether a process still beats. */
  async alive(processId: string): Promise<boolean> {
    return (await this.cluster.redis.exists(this.beatKey(processId))) === 1;
  }

  /** The meeting ended here: the next person to arrive may start it in any process, which may be told at once this one's lighter load. */
  released(roomId: string): void {
    this.claimed.delete(roomId);
    void this.cluster.redis
      .multi()
      .eval(RELEASE, 1, this.roomKey(roomId), this.cluster.processId)
      .zadd(loadKey(this.cluster), this.load(), this.cluster.processId)
      .exec()
      .catch(() => undefined);
  }

  /** People in the meetings running here, and PLACEMENT_MARGIN for each meeting claimed that has not started yet. */
  private load(running = this.running()): number {
    const starting = [...this.claimed.keys()].filter((roomId) => !running.some((meeting) => meeting.roomId === roomId));
    return running.reduce((sum, meeting) => sum + meeting.size, starting.length * PLACEMENT_MARGIN);
  }

  private async renew(): Promise<void> {
    const now = Date.now();
    const meetings = this.running();
    const running = new Set(meetings.map((meeting) => meeting.roomId));
    // A claim whose meeting never started (the door refused) lapses by itself.
    for (const [roomId, at] of this.claimed) if (!running.has(roomId) && now - at > TTL_MS) this.claimed.delete(roomId);
    for (const roomId of running) this.claimed.set(roomId, this.claimed.get(roomId) ?? now);
    const batch = this.cluster.redis
      .multi()
      .set(this.beatKey(this.cluster.processId), this.cluster.internalUrl, 'PX', TTL_MS)
      .zadd(loadKey(this.cluster), this.load(meetings), this.cluster.processId);
    for (const roomId of this.claimed.keys()) batch.eval(RENEW, 1, this.roomKey(roomId), this.cluster.processId, TTL_MS);
    await batch.exec().catch((err: Error) => this.log.warn({ err: err.message }, 'could not renew the meetings’ ownership'));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const batch = this.cluster.redis.multi().del(this.beatKey(this.cluster.processId)).zrem(loadKey(this.cluster), this.cluster.processId);
    for (const roomId of this.claimed.keys()) batch.eval(RELEASE, 1, this.roomKey(roomId), this.cluster.processId);
    await batch.exec().catch(() => undefined);
  }
}
