/**
 * A token bucket: `burst` actions at once, then `perSecond` on average. One per connection and
 * kind of message keeps a single client from flooding the server or everyone in a meeting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the client must slow down. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Open signaling connections by client address: this process's alone, or every process's through a shared store. */
export interface ConnectionCounts {
  count(address: string): Promise<number>;
  /** Counts one more from `address`; call the returned function when it closes. */
  opened(address: string): () => void;
}

export class MemoryConnectionCounts implements ConnectionCounts {
  private open = new Map<string, number>();

  async count(address: string): Promise<number> {
    return this.open.get(address) ?? 0;
  }

  opened(address: string): () => void {
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    };
  }
}
