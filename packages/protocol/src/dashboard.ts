import { z } from 'zod';

const Count = z.number().int().min(0);
const Amount = z.number().min(0);

export const DashboardMeeting = z.object({
  roomId: z.string(),
  roomName: z.string(),
  startedAt: z.string(),
  participants: Count,
  recording: z.boolean(),
});

/** One sample; CPU is the share of one core (1 = a whole core), memory is resident bytes. */
export const DashboardSample = z.object({
  at: z.number().int(),
  meetings: Count,
  participants: Count,
  serverCpu: Amount,
  serverMemory: Amount,
  /** Null while the managed Janus is down, or when Janus runs elsewhere (external nodes). */
  janusCpu: Amount.nullable(),
  janusMemory: Amount.nullable(),
  /** Bytes per second through this host's network interfaces other than loopback. */
  receiveRate: Amount,
  transmitRate: Amount,
});

/** The operators' live dashboard (`routes.adminDashboard`): what runs now and the last day of load. */
export const DashboardResponse = z.object({
  now: z.number().int(),
  janus: z.enum(['up', 'down', 'starting']),
  meetings: z.array(DashboardMeeting),
  /** The last 24 hours, oldest first; kept in the server's memory, so a restart starts it again. */
  samples: z.array(DashboardSample),
  sampleSeconds: z.number().int().positive(),
});

export type DashboardMeetingView = z.infer<typeof DashboardMeeting>;
export type DashboardSampleView = z.infer<typeof DashboardSample>;
export type DashboardView = z.infer<typeof DashboardResponse>;

/** The server's scheduled directory sync (`routes.adminLdapSync`), for the Administration page. */
export const LdapSyncResponse = z.object({
  /** False without an LDAP URL or with the schedule off: no sync runs in the server. */
  configured: z.boolean(),
  state: z.enum(['idle', 'reading', 'applying', 'done', 'failed']),
  /** Changes applied so far of those the directory asked for. */
  done: Count,
  total: Count,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export type LdapSyncView = z.infer<typeof LdapSyncResponse>;
