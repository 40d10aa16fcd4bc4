/**
 * Wrong access codes, counted per client address and per room. A few mistakes are free; after
 * that each further attempt waits twice as long as the last (up to a cap), so guessing a code
 * takes years instead of minutes whether it comes from one socket or from many.
 */

/** Mistakes allowed before the delays start: per client, and per room (or whatever the second key is). */
export interface FreeAttempts {
  perClient: number;
  perRoom: number;
}

const FREE: FreeAttempts = { perClient: 5, perRoom: 30 };
const MAX_DELAY_MS = 15 * 60_000;
/** Failures are forgotten after this long without a new one. */
const FORGET_MS = 60 * 60_000;

interface Failures {
  count: number;
  last: number;
  blockedUntil: number;
}

export type CodeCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export class CodeAttempts {
  private byClient = new Map<string, Failures>();
  private byRoom = new Map<string, Failures>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly free: FreeAttempts = FREE,
  ) {}

  /** Whether this client may try a code for this room now. */
  check(client: string, roomId: string): CodeCheck {
    const now = this.now();
    const until = Math.max(this.current(this.byClient, client, now)?.blockedUntil ?? 0, this.current(this.byRoom, roomId, now)?.blockedUntil ?? 0);
    return until > now ? { ok: false, retryAfterSeconds: Math.ceil((until - now) / 1000) } : { ok: true };
  }

  /** A wrong code; says whether it made this client, or everyone trying this room, wait. */
  failed(client: string, roomId: string): { clientBlocked: boolean; roomBlocked: boolean } {
    const now = this.now();
    const byClient = this.count(this.byClient, client, this.free.perClient, now);
    const byRoom = this.count(this.byRoom, roomId, this.free.perRoom, now);
    return { clientBlocked: byClient.blockedUntil > now, roomBlocked: byRoom.blockedUntil > now };
  }

  /** The right code: this client's earlier mistakes are forgiven (the room's are not). */
  succeeded(client: string): void {
    this.byClient.delete(client);
  }

  private current(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const f = map.get(key);
    if (f && now - f.last > FORGET_MS) {
      map.delete(key);
      return undefined;
    }
    return f;
  }

  private count(map: Map<string, Failures>, key: string, free: number, now: number): Failures {
    const f = this.current(map, key, now) ?? { count: 0, last: now, blockedUntil: 0 };
    f.count += 1;
    f.last = now;
    if (f.count > free) f.blockedUntil = now + Math.min(MAX_DELAY_MS, 1000 * 2 ** (f.count - free - 1));
    map.set(key, f);
    if (map.size > 100_000) this.prune(map, now);
    return f;
  }

  private prune(map: Map<string, Failures>, now: number): void {
    for (const [key, f] of map) if (now - f.last > FORGET_MS) map.delete(key);
  }
}
