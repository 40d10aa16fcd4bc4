import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routes } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { roomForLegacyPath } from '../../import/legacy-paths.ts';

/** Greenlight makes ids like abc-def-ghi-jkl, but Greenlight 2 let owners choose their room's address. */
const LegacyParams = z.strictObject({ id: z.string().min(1).max(255) });

/**
 * Old Greenlight room addresses (/b/<uid>, /rooms/<friendly_id>) of imported rooms answer with a
 * permanent redirect to the room, so links in calendars and mails keep working. Anything else
 * there is an unknown page, answered as any other.
 */
export function legacyPathRoutes(app: FastifyInstance, { db }: Services): void {
  for (const prefix of ['/b', '/rooms']) {
    app.get(`${prefix}/:id`, async (request, reply) => {
      const params = LegacyParams.safeParse(request.params);
      const roomId = params.success ? await roomForLegacyPath(db, `${prefix}/${params.data.id}`) : undefined;
      if (!roomId) return reply.callNotFound();
      return reply.redirect(routes.roomPage(roomId), 301);
    });
  }
}
