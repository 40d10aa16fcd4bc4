import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

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

/**
 * Busy time of the whole machine between `start()` and `stop()`, as % of one core: what this
 * run's processes did not use was other load on the same cores, which skews every figure.
 */
export class MachineMeter {
  private start_: { busy: number; total: number } | undefined;

  private static read(): { busy: number; total: number } {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle ones.
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - ticks[3]! - ticks[4]!, total };
  }

  start(): void {
    this.start_ = MachineMeter.read();
  }

  stop(): { busyPct: number; cores: number } {
    const end = MachineMeter.read();
    const cores = availableParallelism();
    const busy = end.busy - this.start_!.busy;
    const total = end.total - this.start_!.total;
    return { busyPct: total === 0 ? 0 : (100 * cores * busy) / total, cores };
  }
}

/**
 * Datagrams the kernel dropped because a receiving socket's buffer was full (machine-wide):
 * rising during a run means a receiver, usually the generator's event loop, fell behind.
 */
export function udpReceiveBufferErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  return Number(values[names.indexOf('RcvbufErrors')]);
}
