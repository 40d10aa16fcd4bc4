import { readFile } from 'node:fs/promises';

/**
 * Linux's clock tick for /proc times (USER_HZ): 100 on every architecture Linux exposes to
 * user space, whatever the kernel's internal HZ.
 */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** User and system CPU time since the process started. */
  cpuSeconds: number;
  residentBytes: number;
}

/** CPU time and resident memory of another process from /proc; undefined once it is gone. */
export async function processUsage(pid: number): Promise<ProcessUsage | undefined> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    // The command name in parentheses may hold spaces: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, residentBytes: rss ? Number(rss[1]) * 1024 : 0 };
  } catch {
    return undefined;
  }
}

export interface InterfaceTotals {
  device: string;
  receiveBytes: number;
  transmitBytes: number;
}

/** Bytes through each network interface of this host (this network namespace) since boot. */
export async function networkTotals(): Promise<InterfaceTotals[]> {
  const text = await readFile('/proc/net/dev', 'utf8').catch(() => '');
  // Two header lines, then `device: rx_bytes rx_packets ... (8 receive fields) tx_bytes ...`.
  return text
    .split('\n')
    .slice(2)
    .flatMap((line) => {
      const match = /^\s*([^:]+):\s*(.*)$/.exec(line);
      if (!match) return [];
      const numbers = match[2]!.trim().split(/\s+/).map(Number);
      return [{ device: match[1]!, receiveBytes: numbers[0] ?? 0, transmitBytes: numbers[8] ?? 0 }];
    });
}
