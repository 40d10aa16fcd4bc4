/**
 * What one received RTP stream delivered: bytes, and losses from gaps in its sequence
 * numbers (Janus keeps them continuous per subscriber stream, across simulcast switches).
 */
export class StreamCounter {
  bytes = 0;
  received = 0;
  private first: number | undefined;
  /** Highest sequence number seen, extended past 16-bit wraps (RFC 3550's extended highest sequence number). */
  highest = 0;

  /**
   * Counts one packet. Returns how many sequence numbers it skipped ahead of the highest seen
   * (0 when it is the next one), or -1 for a late or retransmitted packet that moved nothing.
   */
  onPacket(sequenceNumber: number, bytes: number): number {
    this.bytes += bytes;
    this.received++;
    if (this.first === undefined) {
      this.first = sequenceNumber;
      this.highest = sequenceNumber;
      return 0;
    }
    const delta = (sequenceNumber - (this.highest & 0xffff) + 0x10000) % 0x10000;
    // A small step back is a late or retransmitted packet, not a wrap.
    if (delta === 0 || delta >= 0x8000) return -1;
    this.highest += delta;
    return delta - 1;
  }

  /** Packets the sender numbered since the first one seen. */
  get expected(): number {
    return this.first === undefined ? 0 : this.highest - this.first + 1;
  }
}

/** Totals over a participant's received streams, to subtract one snapshot from another. */
export interface ReceiveTotals {
  bytes: number;
  mixBytes: number;
  videoBytes: number;
  expected: number;
  received: number;
}

export function totals(mix: StreamCounter[], video: StreamCounter[]): ReceiveTotals {
  const sum = (list: StreamCounter[], key: 'bytes' | 'expected' | 'received') => list.reduce((n, c) => n + c[key], 0);
  const mixBytes = sum(mix, 'bytes');
  const videoBytes = sum(video, 'bytes');
  return {
    bytes: mixBytes + videoBytes,
    mixBytes,
    videoBytes,
    expected: sum(mix, 'expected') + sum(video, 'expected'),
    received: sum(mix, 'received') + sum(video, 'received'),
  };
}

export function minus(a: ReceiveTotals, b: ReceiveTotals): ReceiveTotals {
  return {
    bytes: a.bytes - b.bytes,
    mixBytes: a.mixBytes - b.mixBytes,
    videoBytes: a.videoBytes - b.videoBytes,
    expected: a.expected - b.expected,
    received: a.received - b.received,
  };
}

/** The p-th percentile (0-100) by nearest rank; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
