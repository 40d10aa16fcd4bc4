import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { LiveMeeting } from '../meetings/meetings.ts';
import { HttpError } from '../http/errors.ts';
import { fromAnotherProcess, hopSignature, signedHeaders } from './http-hop.ts';
import { otherProcesses } from './owners.ts';

/** Between the installation's processes only: a request without a valid signature finds nothing here. */
const PATH = '/api/cluster/meetings';
/** A process that does not answer within this is left out of the figures rather than holding them up. */
const ASK_MS = 2000;

/**
 * What a process tells the others of each meeting it runs: enough for the operators' dashboard
 * and organizations overview, and for the BigBlueButton API's `getMeetings`. Not a browser's
 * message: it never leaves the installation's processes.
 */
export const RunningMeeting = z.object({
  roomId: z.string(),
  roomName: z.string(),
  organizationId: z.string(),
  startedAt: z.string(),
  recording: z.boolean(),
  people: z.array(
    z.object({
      id: z.string(),
      /** The id an integration gave the person (BigBlueButton's `userID`). */
      externalUserId: z.string().optional(),
      name: z.string(),
      role: z.enum(['moderator', 'participant', 'guest']),
      videoMuted: z.boolean(),
    }),
  ),
});
export type RunningMeetingView = z.infer<typeof RunningMeeting>;

const Answer = z.object({ meetings: z.array(RunningMeeting) });

type Parts = Pick<Services, 'config' | 'shared' | 'meetings' | 'log'>;

export function runningMeetingView({ meeting, room }: LiveMeeting): RunningMeetingView {
  return {
    roomId: meeting.options.roomId,
    roomName: meeting.options.roomName,
    organizationId: room.organization_id,
    startedAt: meeting.startedAt,
    recording: meeting.recording,
    people: meeting.roster.all().map((p) => ({ id: p.id, externalUserId: p.externalUserId, name: p.name, role: p.role, videoMuted: p.videoMuted })),
  };
}

const here = (meetings: Parts['meetings']) => meetings.runningLive().map(runningMeetingView);

/** Tells the installation's other processes, and only them, the meetings this process runs. */
export function liveMeetingsRoute(app: FastifyInstance, { shared, meetings }: Pick<Services, 'shared' | 'meetings'>): void {
  if (!shared.cluster) return;
  app.get(PATH, async (req) => {
    if (!fromAnotherProcess(req)) throw new HttpError('not-found');
    return { meetings: here(meetings) };
  });
}

/**
 * The live meetings of the whole installation: this process's, and those each other live
 * process tells when asked (a signed request to its internal address).
 */
export function liveMeetings({ config, shared, meetings, log }: Parts): () => Promise<RunningMeetingView[]> {
  const { cluster } = shared;
  if (!cluster) return async () => here(meetings);
  const signature = hopSignature(config);
  const self = new URL(cluster.internalUrl);
  const ask = async (url: string): Promise<RunningMeetingView[]> => {
    const target = new URL(PATH, url);
    const headers = signedHeaders(signature, { client: self.hostname, method: 'GET', host: target.host, url: PATH });
    try {
      const response = await request(target, { headers, headersTimeout: ASK_MS, bodyTimeout: ASK_MS });
      const answer = Answer.safeParse(await response.body.json());
      if (response.statusCode === 200 && answer.success) return answer.data.meetings;
      log.warn({ url, status: response.statusCode }, 'another process did not tell its live meetings');
    } catch (err) {
      log.warn({ url, err: (err as Error).message }, 'another process did not tell its live meetings');
    }
    return [];
  };
  return async () => {
    const others = await otherProcesses(cluster).catch(() => []);
    return [...here(meetings), ...(await Promise.all(others.map(ask))).flat()];
  };
}
