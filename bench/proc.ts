import { readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;
const PAGE_KB = 4;

interface ProcStat {
  ppid: number;
  /** User + system CPU time of all the process's threads, in seconds. */
  cpuSeconds: number;
  rssMb: number;
}

/** Reads /proc/<pid>/stat; undefined when the process has gone. */
export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return {
    ppid: field(4),
    cpuSeconds: (field(14) + field(15)) / TICKS_PER_SECOND,
    rssMb: (field(24) * PAGE_KB) / 1024,
  };
}

export interface Usage {
  cpuPct: number;
  rssMb: number;
}

/**
 * CPU use of a set of processes between `start()` and `stop()`, as % of one core (200% is
 * both cores of this machine), and their largest resident memory seen at any sample.
 */
export class CpuMeter {
  private startCpu = 0;
  private startAt = 0;
  private peakRss = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private pids: () => number[]) {}

  private total(): { cpu: number; rss: number } {
    let cpu = 0;
    let rss = 0;
    for (const pid of this.pids()) {
      const stat = procStat(pid);
      if (!stat) continue;
      cpu += stat.cpuSeconds;
      rss += stat.rssMb;
    }
    return { cpu, rss };
  }

  private sample(): number {
    const { cpu, rss } = this.total();
    this.peakRss = Math.max(this.peakRss, rss);
    return cpu;
  }

  start(): void {
    this.startCpu = this.sample();
    this.startAt = performance.now();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): Usage {
    clearInterval(this.timer);
    const cpu = this.sample() - this.startCpu;
    const seconds = (performance.now() - this.startAt) / 1000;
    return { cpuPct: (100 * cpu) / seconds, rssMb: this.peakRss };
  }
}
