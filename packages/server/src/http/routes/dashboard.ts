import type { FastifyInstance } from 'fastify';
import { DashboardResponse, routes, type DashboardView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import type { LoadHistory } from '../../metrics/load-history.ts';
import { authorize, currentUser } from '../auth.ts';

/** The operators' live dashboard: administrators only, since it names every room in use. */
export function dashboardRoutes(app: FastifyInstance, { db, meetings, media }: Services, history: LoadHistory): void {
  app.get(routes.adminDashboard, async (request): Promise<DashboardView> => {
    authorize(await currentUser(db, request), 'admin.settings');
    return DashboardResponse.parse({
      now: Date.now(),
      janus: media.state,
      meetings: meetings.running().map((meeting) => ({
        roomId: meeting.options.roomId,
        roomName: meeting.options.roomName,
        startedAt: meeting.startedAt,
        participants: meeting.size,
        recording: meeting.recording,
      })),
      samples: history.day(),
      sampleSeconds: history.sampleSeconds,
    });
  });
}
