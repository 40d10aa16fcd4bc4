import { readFileSync } from 'node:fs';
import { procStat } from './proc.ts';
import { percentile } from './receive.ts';

export interface Sample {
  /** Seconds since the soak started. */
  at: number;
  serverRssMb: number;
  janusRssMb: number;
  /** The machine's one-minute load average. */
  load: number;
}

/** Resident memory of the server and Janus, and the machine's load, every `intervalMs`. */
export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(
    private serverPid: () => number | undefined,
    private janusPid: () => number | undefined,
    private intervalMs = 10_000,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const rss = (pid: number | undefined) => (pid === undefined ? Number.NaN : (procStat(pid)?.rssMb ?? Number.NaN));
    this.samples.push({
      at: (performance.now() - this.startedAt) / 1000,
      serverRssMb: rss(this.serverPid()),
      janusRssMb: rss(this.janusPid()),
      load: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    });
  }

  /**
   * The median of one field over the samples in [from, to) seconds: a single sample of a
   * garbage-collected heap says little, a minute of them says what the process holds.
   */
  median(field: 'serverRssMb' | 'janusRssMb' | 'load', from: number, to: number): number {
    const values = this.samples.filter((s) => s.at >= from && s.at < to).map((s) => s[field]).filter(Number.isFinite);
    return values.length === 0 ? Number.NaN : percentile(values, 50);
  }
}
