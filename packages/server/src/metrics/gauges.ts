import { Counter, Gauge } from 'prom-client';
import type { Services } from '../services.ts';
import { accountOf, registry } from './instruments.ts';
import { networkTotals, processUsage } from './proc.ts';
import { recDb } from '../recordings/store.ts';

const GAUGES = [
  'moot_meetings',
  'moot_participants',
  'moot_janus_up',
  'moot_janus_node_meetings',
  'moot_janus_node_participants',
  'moot_janus_cpu_seconds_total',
  'moot_janus_resident_memory_bytes',
  'moot_recordings',
  'moot_host_network_receive_bytes_total',
  'moot_host_network_transmit_bytes_total',
];

/**
 * The current state, read when Prometheus scrapes: meetings and people in them, Janus and its
 * process, recordings by state, and the host's network counters.
 */
export function registerGauges({ meetings, media, db }: Pick<Services, 'meetings' | 'media' | 'db'>): void {
  // A process that starts a second server (the tests do) measures the newest one.
  for (const name of GAUGES) registry.removeSingleMetric(name);
  new Gauge({
    name: 'moot_meetings',
    help: 'Meetings running now.',
    registers: [registry],
    collect() {
      this.set(meetings.running().length);
    },
  });
  new Gauge({
    name: 'moot_participants',
    help: 'People in meetings now, by kind (browser, rtp) and account (member, guest).',
    labelNames: ['kind', 'account'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const kind of ['browser', 'rtp'] as const) for (const account of ['member', 'guest'] as const) this.set({ kind, account }, 0);
      for (const meeting of meetings.running()) for (const participant of meeting.roster.all()) this.inc({ kind: participant.kind, account: accountOf(participant) });
    },
  });
  new Gauge({
    name: 'moot_janus_up',
    help: '1 while moot is connected to Janus, 0 otherwise.',
    registers: [registry],
    collect() {
      this.set(media.state === 'up' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'moot_janus_node_meetings',
    help: 'Meetings moot placed on each Janus node, by node and state (up, down, draining).',
    labelNames: ['node', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const node of media.views()) this.set({ node: node.url, state: node.state }, node.meetings);
    },
  });
  new Gauge({
    name: 'moot_janus_node_participants',
    help: 'Seats in the audio mixers of each Janus node (browsers and plain-RTP members).',
    labelNames: ['node'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const node of media.views()) this.set({ node: node.url }, node.participants);
    },
  });
  // Only for the Janus moot starts itself: an external node is measured on its own host.
  new Counter({
    name: 'moot_janus_cpu_seconds_total',
    help: 'CPU time (user and system) of the managed Janus process since it started.',
    registers: [registry],
    async collect() {
      this.reset();
      const usage = media.process?.pid ? await processUsage(media.process.pid) : undefined;
      if (usage) this.inc(usage.cpuSeconds);
    },
  });
  new Gauge({
    name: 'moot_janus_resident_memory_bytes',
    help: 'Resident memory of the managed Janus process.',
    registers: [registry],
    async collect() {
      this.reset();
      const usage = media.process?.pid ? await processUsage(media.process.pid) : undefined;
      if (usage) this.set(usage.residentBytes);
    },
  });
  new Gauge({
    name: 'moot_recordings',
    help: 'Recordings by state (recording, processing, ready, failed).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const state of ['recording', 'processing', 'ready', 'failed'] as const) this.set({ state }, 0);
      const recordings = recDb(db);
      const rows = await recordings.selectFrom('recordings').select(['state', recordings.fn.countAll<number>().as('count')]).groupBy('state').execute();
      for (const row of rows) this.set({ state: row.state }, Number(row.count));
    },
  });
  // Janus exposes no traffic counters without its admin API: these are the host's interfaces,
  // which on a server running moot carry mostly its media.
  for (const [direction, key] of [
    ['receive', 'receiveBytes'],
    ['transmit', 'transmitBytes'],
  ] as const) {
    new Counter({
      name: `moot_host_network_${direction}_bytes_total`,
      help: `Bytes ${direction === 'receive' ? 'received' : 'sent'} by each network interface of the host (all processes) since boot.`,
      labelNames: ['device'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const totals of await networkTotals()) this.inc({ device: totals.device }, totals[key]);
      },
    });
  }
}
