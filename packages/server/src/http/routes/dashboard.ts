import type { FastifyInstance } from 'fastify';
import { DashboardResponse, LdapSyncResponse, routes, type DashboardView, type LdapSyncView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import type { LoadHistory } from '../../metrics/load-history.ts';
import { ldapSyncProgress } from '../../ldap/sync-progress.ts';
import { authorize, currentUser } from '../auth.ts';
import { roomIdsOfRequestOrganization } from '../../orgs/scope.ts';
import { liveMeetings } from '../../cluster/live-meetings.ts';

/** The operators' views: the live dashboard and the directory sync, administrators only (they name rooms and people's accounts). */
export function dashboardRoutes(app: FastifyInstance, services: Services, history: LoadHistory): void {
  const { db, media, config } = services;
  const running = liveMeetings(services);
  app.get(routes.adminDashboard, async (request): Promise<DashboardView> => {
    authorize(await currentUser(db, request), 'admin.settings');
    // The meetings named are the request's organization's, in every process of the installation;
    // the load samples count this server process and its machine.
    const live = await running();
    const here = await roomIdsOfRequestOrganization(db, request.raw, live.map((meeting) => meeting.roomId));
    return DashboardResponse.parse({
      now: Date.now(),
      janus: media.state,
      meetings: live
        .filter((meeting) => here.has(meeting.roomId))
        .map(({ roomId, roomName, startedAt, recording, people }) => ({ roomId, roomName, startedAt, participants: people.length, recording })),
      samples: history.day(),
      sampleSeconds: history.sampleSeconds,
    });
  });

  app.get(routes.adminLdapSync, async (request): Promise<LdapSyncView> => {
    authorize(await currentUser(db, request), 'admin.users');
    return LdapSyncResponse.parse({ configured: Boolean(config.ldap.url) && config.ldap.syncIntervalMinutes > 0, ...ldapSyncProgress.current() });
  });
}
