import type { FastifyInstance } from 'fastify';
import { orgRoutes } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { organizationsOverview } from '../../orgs/overview.ts';
import { liveMeetings } from '../../cluster/live-meetings.ts';
import { requestOrganization } from '../../orgs/resolve.ts';
import { authorize, currentUser } from '../auth.ts';
import { HttpError } from '../errors.ts';

/** The operators' list of organizations: settings and counts only (README, "What operators see"). */
export function operatorRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const running = liveMeetings(services);
  app.get(orgRoutes.operatorOrganizations, async (request) => {
    const user = await currentUser(db, request);
    authorize(user, 'admin.settings');
    // The installation is run from the operator's own organization's pages only.
    if ((await requestOrganization(db, request.raw))?.operator !== 1) throw new HttpError('not-found');
    return { organizations: await organizationsOverview(db, await running()) };
  });
}
