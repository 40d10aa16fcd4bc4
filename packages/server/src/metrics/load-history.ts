import type { DashboardSampleView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { networkTotals, processUsage } from './proc.ts';

interface Reading {
  at: number;
  serverCpuSeconds: number;
  janusCpuSeconds: number | undefined;
  receiveBytes: number;
  transmitBytes: number;
}

/**
 * The last 24 hours of load, one sample a minute by default, for the operators' dashboard. Kept
 * in memory only (a day is 1 440 small samples): a restart starts the day again; Prometheus
 * keeps the long history.
 */
export class LoadHistory {
  private samples: DashboardSampleView[] = [];
  private last: Reading | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private services: Pick<Services, 'meetings' | 'media'>,
    readonly sampleSeconds: number,
  ) {}

  start(): void {
    void this.read().then((reading) => (this.last ??= reading));
    this.timer = setInterval(() => void this.sample(), this.sampleSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Oldest first. */
  day(): DashboardSampleView[] {
    return [...this.samples];
  }

  private async read(): Promise<Reading & { janusMemory: number | undefined }> {
    const cpu = process.cpuUsage();
    const pid = this.services.media.process?.pid;
    const janus = pid ? await processUsage(pid) : undefined;
    let receiveBytes = 0;
    let transmitBytes = 0;
    for (const totals of await networkTotals()) {
      if (totals.device === 'lo') continue;
      receiveBytes += totals.receiveBytes;
      transmitBytes += totals.transmitBytes;
    }
    return { at: Date.now(), serverCpuSeconds: (cpu.user + cpu.system) / 1e6, janusCpuSeconds: janus?.cpuSeconds, janusMemory: janus?.residentBytes, receiveBytes, transmitBytes };
  }

  private async sample(): Promise<void> {
    const now = await this.read();
    const before = this.last;
    this.last = now;
    if (!before) return;
    const seconds = (now.at - before.at) / 1000;
    const rate = (a: number, b: number) => Math.max(0, (a - b) / seconds);
    const meetings = this.services.meetings.running();
    // A Janus restarted in between has counted from zero again: no CPU figure for that minute.
    const janusCpu = now.janusCpuSeconds !== undefined && before.janusCpuSeconds !== undefined && now.janusCpuSeconds >= before.janusCpuSeconds ? rate(now.janusCpuSeconds, before.janusCpuSeconds) : null;
    this.samples.push({
      at: now.at,
      meetings: meetings.length,
      participants: meetings.reduce((sum, meeting) => sum + meeting.size, 0),
      serverCpu: rate(now.serverCpuSeconds, before.serverCpuSeconds),
      serverMemory: process.memoryUsage.rss(),
      janusCpu,
      janusMemory: now.janusMemory ?? null,
      receiveRate: rate(now.receiveBytes, before.receiveBytes),
      transmitRate: rate(now.transmitBytes, before.transmitBytes),
    });
    const daySamples = Math.ceil((24 * 3600) / this.sampleSeconds);
    if (this.samples.length > daySamples) this.samples.splice(0, this.samples.length - daySamples);
  }
}
