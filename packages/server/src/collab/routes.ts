import type { FastifyInstance } from 'fastify';
import { RoomParams, collabRoutes, type RoomNotesView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { findRoom } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { authorize, currentUser } from '../http/auth.ts';
import { HttpError, parse } from '../http/errors.ts';
import { loadNotesText } from './store.ts';
import { Collab } from './collab.ts';
import { inRequestOrganization } from '../orgs/scope.ts';

/**
 * The shared documents' service for the signaling hub, and the notes after the meeting over
 * HTTP (the room's owner and its moderators read them). Changed documents are written when the
 * server stops.
 */
export function registerCollab(app: FastifyInstance, { db, log }: Pick<Services, 'db' | 'log'>): Collab {
  const collab = new Collab(db, log.child({ part: 'collab' }));
  app.addHook('onClose', () => collab.flush());
  app.get(collabRoutes.roomNotes(':id'), async (request): Promise<RoomNotesView> => {
    const user = await currentUser(db, request);
    const { id } = parse(RoomParams, request.params);
    const room = await findRoom(db, id);
    // Another organization's room is answered like one that does not exist.
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    authorize(user, 'room.notes', { roomOwnerId: room.owner_id, roomModeratorIds: await moderatorIds(db, room.id) });
    const notes = await loadNotesText(db, room.id);
    return { roomId: room.id, roomName: room.name, text: notes?.text ?? '', updatedAt: notes?.updatedAt ?? null };
  });
  return collab;
}
