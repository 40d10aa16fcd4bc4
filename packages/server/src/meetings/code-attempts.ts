/**
 * Wrong access codes, counted per client address and per room. A few mistakes are free; after
 * that each further attempt waits twice as long as the last (up to a cap), so guessing a code
 * takes years instead of minutes whether it comes from one socket, from many, or from many
 * server processes sharing one store.
 */

/** Mistakes allowed before the delays start: per client, and per room (or whatever the second key is). */
export interface FreeAttempts {
  perClient: number;
  perRoom: number;
}

const FREE: FreeAttempts = { perClient: 5, perRoom: 30 };
const MAX_DELAY_MS = 15 * 60_000;
/** Failures are forgotten after this long without a new one. */
export const FORGET_MS = 60 * 60_000;

/** Mistakes under one key: how many, and when the last one was. */
export interface Failures {
  count: number;
  last: number;
}

/** Where failures are counted: this process's memory, or a store all processes share. */
export interface FailureStore {
  /** The failures under `key`, unless forgotten (none for FORGET_MS). */
  get(key: string, now: number): Promise<Failures | undefined>;
  /** One more failure at `now`; the count after it. */
  add(key: string, now: number): Promise<Failures>;
  forget(key: string): Promise<void>;
}

export class MemoryFailures implements FailureStore {
  private map = new Map<string, Failures>();

  async get(key: string, now: number): Promise<Failures | undefined> {
    const f = this.map.get(key);
    if (f && now - f.last > FORGET_MS) {
      this.map.delete(key);
      return undefined;
    }
    return f;
  }

  async add(key: string, now: number): Promise<Failures> {
    const f = { count: ((await this.get(key, now))?.count ?? 0) + 1, last: now };
    this.map.set(key, f);
    if (this.map.size > 100_000) this.prune(now);
    return f;
  }

  async forget(key: string): Promise<void> {
    this.map.delete(key);
  }

  private prune(now: number): void {
    for (const [key, f] of this.map) if (now - f.last > FORGET_MS) this.map.delete(key);
  }
}

export type CodeCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export class CodeAttempts {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly free: FreeAttempts = FREE,
    private readonly store: FailureStore = new MemoryFailures(),
  ) {}

  /** Whether this client may try a code for this room now. */
  async check(client: string, roomId: string): Promise<CodeCheck> {
    const now = this.now();
    const [byClient, byRoom] = await Promise.all([this.store.get(clientKey(client), now), this.store.get(roomKey(roomId), now)]);
    const until = Math.max(blockedUntil(byClient, this.free.perClient), blockedUntil(byRoom, this.free.perRoom));
    return until > now ? { ok: false, retryAfterSeconds: Math.ceil((until - now) / 1000) } : { ok: true };
  }

  /** A wrong code; says whether it made this client, or everyone trying this room, wait. */
  async failed(client: string, roomId: string): Promise<{ clientBlocked: boolean; roomBlocked: boolean }> {
    const now = this.now();
    const [byClient, byRoom] = await Promise.all([this.store.add(clientKey(client), now), this.store.add(roomKey(roomId), now)]);
    return { clientBlocked: blockedUntil(byClient, this.free.perClient) > now, roomBlocked: blockedUntil(byRoom, this.free.perRoom) > now };
  }

  /** The right code: this client's earlier mistakes are forgiven (the room's are not). */
  async succeeded(client: string): Promise<void> {
    await this.store.forget(clientKey(client));
  }
}

const clientKey = (client: string) => `client:${client}`;
const roomKey = (roomId: string) => `room:${roomId}`;

/** Past the free mistakes, the last one holds everyone under its key back 1 s, 2 s, 4 s, … up to the cap. */
function blockedUntil(f: Failures | undefined, free: number): number {
  if (!f || f.count <= free) return 0;
  return f.last + Math.min(MAX_DELAY_MS, 1000 * 2 ** (f.count - free - 1));
}
