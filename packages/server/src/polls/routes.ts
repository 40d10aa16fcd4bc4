import type { FastifyInstance } from 'fastify';
import { PollResultsResponse, RoomParams, pollResultsPath } from '@moot/protocol';
import type { Services } from '../services.ts';
import { findRoom } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { authorize, currentUser, requireUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { roomPolls } from './store.ts';
import { Polls } from './polls.ts';
import { inRequestOrganization } from '../orgs/scope.ts';

/** Kept poll results of a room, for its owner and moderators only; answers the live meetings' polls. */
export function pollRoutes(app: FastifyInstance, { db, log }: Services): Polls {
  app.get(pollResultsPath(':id'), async (request) => {
    const user = requireUser(await currentUser(db, request));
    const { id } = parse(RoomParams, request.params);
    const room = await findRoom(db, id);
    // Another organization's room is answered like one that does not exist.
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    authorize(user, 'poll.results', { roomOwnerId: room.owner_id, roomModeratorIds: await moderatorIds(db, room.id) });
    return PollResultsResponse.parse({ polls: await roomPolls(db, room.id) });
  });
  return new Polls(db, log.child({ part: 'polls' }));
}
