export type Quality = 'good' | 'fair' | 'poor';

const INTERVAL_MS = 5000;

/** Judges a link from its round-trip time (seconds) and the share of packets lost. */
export function judge(rtt: number, loss: number): Quality {
  if (rtt > 0.5 || loss > 0.08) return 'poor';
  if (rtt > 0.25 || loss > 0.03) return 'fair';
  return 'good';
}

/**
 * Reads the PeerConnections' statistics every few seconds and reports this browser's link
 * quality whenever it changes, so others can see why someone's video stutters.
 */
export class QualityWatch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: Quality = 'good';
  private counts = { received: 0, lost: 0 };

  constructor(
    private readonly connections: () => RTCPeerConnection[],
    private readonly report: (level: Quality) => void,
  ) {}

  start(): void {
    this.stop();
    this.last = 'good';
    this.counts = { received: 0, lost: 0 };
    this.timer = setInterval(() => void this.sample(), INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    let rtt = 0;
    const totals = { received: 0, lost: 0 };
    for (const pc of this.connections()) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats().catch(() => null);
      stats?.forEach((stat: { type: string; nominated?: boolean; currentRoundTripTime?: number; packetsReceived?: number; packetsLost?: number }) => {
        if (stat.type === 'candidate-pair' && stat.nominated && stat.currentRoundTripTime !== undefined) rtt = Math.max(rtt, stat.currentRoundTripTime);
        if (stat.type === 'inbound-rtp') {
          totals.received += stat.packetsReceived ?? 0;
          totals.lost += stat.packetsLost ?? 0;
        }
      });
    }
    // Loss over the last interval only: the totals only ever grow.
    const received = totals.received - this.counts.received;
    const lost = totals.lost - this.counts.lost;
    this.counts = totals;
    const level = judge(rtt, received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0);
    if (level !== this.last && this.timer !== undefined) {
      this.last = level;
      this.report(level);
    }
  }
}
