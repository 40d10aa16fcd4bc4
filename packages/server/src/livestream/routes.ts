import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  LivestreamDestinationsBody,
  LivestreamHlsBody,
  RoomParams,
  livestreamDestinationsPath,
  livestreamHlsPath,
  type LivestreamDestinationsResponse,
  type LivestreamHlsResponse,
} from '@moot/protocol';
import type { Services } from '../services.ts';
import { findRoom, type RoomWithOwner } from '../rooms/rooms.ts';
import { inRequestOrganization } from '../orgs/scope.ts';
import { findOrganizationById } from '../orgs/orgs.ts';
import { organizationBaseUrl } from '../orgs/resolve.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { authorize, currentUser, requireUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { ServerKey } from '../recordings/keys.ts';
import { keyFilePath } from '../recordings/service.ts';
import { destinationViews, replaceDestinations, UnknownDestinationError } from './destinations.ts';
import { StreamKeys } from './keys.ts';
import { hlsSetting, hlsView, mayWatch, playlistFor, PLAYLIST, SEGMENT, setHls } from './hls.ts';
import { Livestreams } from './livestreams.ts';
import { atMeetingOwner, roomInPath } from '../cluster/http-hop.ts';

/**
 * A room's livestream destinations, for its owner and moderators (keys are taken, never shown),
 * and the service that streams its meetings.
 */
export function livestreamRoutes(app: FastifyInstance, { db, config, meetings, media, log }: Services): Livestreams {
  // Stream keys are sealed under the server key, like recordings' data keys.
  const keys = new StreamKeys(ServerKey.open(keyFilePath(config)).key.derive('livestream stream keys'));

  const livestreams = new Livestreams(
    db,
    keys,
    join(config.data.dir, 'livestream'),
    meetings,
    (listener) => media.on('up', (restarted) => restarted && listener()),
    log.child({ part: 'livestream' }),
  );

  async function moderatedRoom(request: FastifyRequest, user: Awaited<ReturnType<typeof currentUser>>) {
    requireUser(user);
    const { id } = parse(RoomParams, request.params);
    const room = await findRoom(db, id);
    // Another organization's room is answered like one that does not exist.
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    authorize(user, 'room.livestream', { roomOwnerId: room.owner_id, roomModeratorIds: await moderatorIds(db, room.id) });
    return room;
  }

  /** The room's HLS link is at its organization's address, the only one where the room is found. */
  async function hlsOf(room: RoomWithOwner, setting: Awaited<ReturnType<typeof hlsSetting>>): Promise<LivestreamHlsResponse> {
    const org = await findOrganizationById(db, room.organization_id);
    return hlsView(org ? organizationBaseUrl(config.http.publicUrl, org) : config.http.publicUrl, room.id, setting);
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

  app.get(livestreamHlsPath(':id'), async (request): Promise<LivestreamHlsResponse> => {
    const room = await moderatedRoom(request, await currentUser(db, request));
    return hlsOf(room, await hlsSetting(db, room.id));
  });

  app.put(livestreamHlsPath(':id'), async (request): Promise<LivestreamHlsResponse> => {
    const user = await currentUser(db, request);
    const room = await moderatedRoom(request, user);
    const body = parse(LivestreamHlsBody, request.body);
    const setting = await setHls(db, room.id, body.access, body.newLink);
    await audit(db, { actor: user!.email, action: 'room.livestream-hls', target: room.id, origin: request.ip, details: { access: body.access, newLink: body.newLink } });
    return hlsOf(room, setting);
  });

  // The HLS files of a live room, for people without an account: the room's setting decides.
  // They are written where the meeting runs.
  const WatchParams = z.strictObject({ id: RoomParams.shape.id, file: z.string().max(20) });
  const WatchQuery = z.object({ t: z.string().max(100).optional() });
  app.get('/live/:id/:file', { config: atMeetingOwner(roomInPath) }, async (request, reply) => {
    const params = WatchParams.safeParse(request.params);
    const query = WatchQuery.safeParse(request.query);
    if (!params.success || !query.success || (params.data.file !== PLAYLIST && !SEGMENT.test(params.data.file))) throw new HttpError('not-found');
    const { id: roomId, file } = params.data;
    const room = await findRoom(db, roomId);
    // Another organization's room is watched only at its own address: elsewhere it answers as a room that is not public.
    const here = room !== undefined && (await inRequestOrganization(db, request.raw, room));
    const setting = await hlsSetting(db, roomId);
    const now = Date.now();
    if (!here || !mayWatch(setting, { roomId, file, authorization: request.headers.authorization, token: query.data.t }, now)) {
      // Every room that is not public answers alike, so the challenge tells nothing about the room.
      reply.header('www-authenticate', 'Basic realm="moot livestream", charset="UTF-8"');
      throw new HttpError('unauthenticated', ['this livestream opens with its link only (the key is in the link)']);
    }
    const data = await readFile(join(livestreams.hlsDir(roomId), file)).catch(() => undefined);
    if (!data) throw new HttpError('not-found');
    reply.header('cache-control', 'no-store');
    if (file === PLAYLIST) return reply.type('application/vnd.apple.mpegurl').send(playlistFor(data.toString('utf8'), setting, roomId, now));
    return reply.type('video/mp2t').send(data);
  });

  return livestreams;
}
