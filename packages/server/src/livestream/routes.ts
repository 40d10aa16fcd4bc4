import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LivestreamDestinationsBody, RoomParams, livestreamDestinationsPath, type LivestreamDestinationsResponse } from '@moot/protocol';
import type { Services } from '../services.ts';
import { findRoom } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { authorize, currentUser, requireUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { ServerKey } from '../recordings/keys.ts';
import { keyFilePath } from '../recordings/service.ts';
import { destinationViews, replaceDestinations, UnknownDestinationError } from './destinations.ts';
import { StreamKeys } from './keys.ts';
import { Livestreams } from './livestreams.ts';

/**
 * A room's livestream destinations, for its owner and moderators (keys are taken, never shown),
 * and the service that streams its meetings.
 */
export function livestreamRoutes(app: FastifyInstance, { db, config, meetings, media, log }: Services): Livestreams {
  // Stream keys are sealed under the server key, like recordings' data keys.
  const keys = new StreamKeys(ServerKey.open(keyFilePath(config)).key.derive('livestream stream keys'));

  async function moderatedRoom(request: { params: unknown }, user: Awaited<ReturnType<typeof currentUser>>) {
    requireUser(user);
    const { id } = parse(RoomParams, request.params);
    const room = await findRoom(db, id);
    if (!room) throw new HttpError('room-not-found');
    authorize(user, 'room.livestream', { roomOwnerId: room.owner_id, roomModeratorIds: await moderatorIds(db, room.id) });
    return room;
  }

  app.get(livestreamDestinationsPath(':id'), async (request): Promise<LivestreamDestinationsResponse> => {
    const room = await moderatedRoom(request, await currentUser(db, request));
    return { destinations: await destinationViews(db, room.id) };
  });

  app.put(livestreamDestinationsPath(':id'), async (request): Promise<LivestreamDestinationsResponse> => {
    const user = await currentUser(db, request);
    const room = await moderatedRoom(request, user);
    const body = parse(LivestreamDestinationsBody, request.body);
    try {
      await replaceDestinations(db, keys, room.id, body.destinations);
    } catch (err) {
      if (err instanceof UnknownDestinationError) throw new HttpError('not-found', ['that destination was removed meanwhile: reload the page']);
      throw err;
    }
    const destinations = await destinationViews(db, room.id);
    await audit(db, { actor: user!.email, action: 'room.livestream-destinations', target: room.id, origin: request.ip, details: { destinations: destinations.map((d) => d.name) } });
    return { destinations };
  });

  return new Livestreams(
    db,
    keys,
    join(config.data.dir, 'livestream'),
    meetings,
    (listener) => media.on('up', (restarted) => restarted && listener()),
    log.child({ part: 'livestream' }),
  );
}
