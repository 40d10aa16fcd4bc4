import type { FastifyInstance } from 'fastify';
import { DashboardResponse, LdapSyncResponse, routes, type DashboardView, type LdapSyncView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import type { LoadHistory } from '../../metrics/load-history.ts';
import { ldapSyncProgress } from '../../ldap/sync-progress.ts';
import { authorize, currentUser } from '../auth.ts';
import { roomIdsOfRequestOrganization } from '../../orgs/scope.ts';

/** The operators' views: the live dashboard and the directory sync, administrators only (they name rooms and people's accounts). */
export function dashboardRoutes(app: FastifyInstance, { db, meetings, media, config }: Services, history: LoadHistory): void {
  app.get(routes.adminDashboard, async (request): Promise<DashboardView> => {
    authorize(await currentUser(db, request), 'admin.settings');
    // The meetings named are the request's organization's; the load samples count the whole server.
    const here = await roomIdsOfRequestOrganization(db, request.raw, meetings.running().map((meeting) => meeting.options.roomId));
    return DashboardResponse.parse({
      now: Date.now(),
      janus: media.state,
      meetings: meetings.running().filter((meeting) => here.has(meeting.options.roomId)).map((meeting) => ({
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

  app.get(routes.adminLdapSync, async (request): Promise<LdapSyncView> => {
    authorize(await currentUser(db, request), 'admin.users');
    return LdapSyncResponse.parse({ configured: Boolean(config.ldap.url) && config.ldap.syncIntervalMinutes > 0, ...ldapSyncProgress.current() });
  });
}
