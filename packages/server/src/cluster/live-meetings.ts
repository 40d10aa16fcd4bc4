import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { z } from 'zod';
import { DashboardMeeting, type DashboardMeetingView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { HttpError } from '../http/errors.ts';
import { fromAnotherProcess, hopSignature, signedHeaders } from './http-hop.ts';
import { otherProcesses } from './owners.ts';

/** Between the installation's processes only: a request without a valid signature finds nothing here. */
const PATH = '/api/cluster/meetings';
/** A process that does not answer within this is left out of the figures rather than holding them up. */
const ASK_MS = 2000;
const Answer = z.object({ meetings: z.array(DashboardMeeting) });

/**
 * The live meetings of the whole installation, for the operators' dashboard: this process's,
 * and those each other live process tells when asked (a signed request to its internal address).
 */
export function liveMeetings(app: FastifyInstance, { config, shared, meetings, log }: Pick<Services, 'config' | 'shared' | 'meetings' | 'log'>): () => Promise<DashboardMeetingView[]> {
  const here = (): DashboardMeetingView[] =>
    meetings.running().map((meeting) => ({
      roomId: meeting.options.roomId,
      roomName: meeting.options.roomName,
      startedAt: meeting.startedAt,
      participants: meeting.size,
      recording: meeting.recording,
    }));
  const { cluster } = shared;
  if (!cluster) return async () => here();
  const signature = hopSignature(config);
  const self = new URL(cluster.internalUrl);
  app.get(PATH, async (req) => {
    if (!fromAnotherProcess(req)) throw new HttpError('not-found');
    return { meetings: here() };
  });
  const ask = async (url: string): Promise<DashboardMeetingView[]> => {
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
    return [...here(), ...(await Promise.all(others.map(ask))).flat()];
  };
}
