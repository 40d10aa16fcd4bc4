import type { FastifyInstance } from 'fastify';
import { CreateRoomBody, RoomModeratorsBody, RoomParams, UpdateRoomBody, routes, type RoomEntryResponse } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { createRoom, deleteRoom, findRoom, listRooms, roomAccess, roomView, updateRoom, type RoomWithOwner } from '../../rooms/rooms.ts';
import { moderatorIds, roomModerators, setRoomModerators, UnknownAccountsError } from '../../rooms/moderators.ts';
import { getSettings } from '../../settings/settings.ts';
import { decideJoin } from '../../policy/policy.ts';
import { audit } from '../../audit/audit.ts';
import { authorize, currentUser, principalOf, requireUser, ensureGuestCookie } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';

export function roomRoutes(app: FastifyInstance, { db, config, meetings }: Services): void {
  const view = (room: RoomWithOwner, showCode: boolean) => roomView(room, config.http.publicUrl, { showCode, live: meetings.live(room.id) });
  /** The owner's view: with the access code and the co-moderators. */
  const ownerView = async (room: RoomWithOwner) =>
    roomView(room, config.http.publicUrl, { showCode: true, live: meetings.live(room.id), moderators: (await roomModerators(db, room.id)).map((m) => m.email) });

  async function existingRoom(params: unknown): Promise<RoomWithOwner> {
    // A mistyped link is simply a room that does not exist.
    const parsed = RoomParams.safeParse(params);
    const room = parsed.success ? await findRoom(db, parsed.data.id) : undefined;
    if (!room) throw new HttpError('room-not-found');
    return room;
  }

  app.get(routes.rooms, async (request) => {
    const user = await currentUser(db, request);
    authorize(user, 'room.list-own');
    const rooms = await listRooms(db, requireUser(user).id);
    return { rooms: await Promise.all(rooms.map(ownerView)) };
  });

  app.post(routes.rooms, async (request, reply) => {
    const user = await currentUser(db, request);
    authorize(user, 'room.create');
    const body = parse(CreateRoomBody, request.body);
    const owner = requireUser(user);
    const room = await createRoom(db, owner.id, body, config.meeting.defaultMaxParticipants);
    return reply.code(201).send({ room: view({ ...room, owner_name: owner.name }, true) });
  });

  app.get(routes.room(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request.params);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    return { room: await ownerView(room) };
  });

  app.patch(routes.room(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request.params);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    const body = parse(UpdateRoomBody, request.body);
    const updated = await updateRoom(db, room, body);
    return { room: await ownerView({ ...updated, owner_name: room.owner_name }) };
  });

  app.get(routes.roomModerators(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request.params);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    return { moderators: await roomModerators(db, room.id) };
  });

  app.put(routes.roomModerators(':id'), async (request) => {
    const user = requireUser(await currentUser(db, request));
    const room = await existingRoom(request.params);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    const { emails } = parse(RoomModeratorsBody, request.body);
    try {
      const moderators = await setRoomModerators(db, room.id, emails);
      await audit(db, { actor: user.email, action: 'room.moderators', target: room.id, origin: request.ip, details: { moderators: moderators.map((m) => m.email) } });
      return { moderators };
    } catch (err) {
      if (err instanceof UnknownAccountsError) throw new HttpError('bad-request', err.emails.map((e) => `emails: no account ${e}`));
      throw err;
    }
  });

  app.delete(routes.room(':id'), async (request, reply) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request.params);
    authorize(user, 'room.delete', { roomOwnerId: room.owner_id });
    await meetings.endRoom(room.id);
    await deleteRoom(db, room.id);
    if (user && user.id !== room.owner_id) {
      await audit(db, { actor: user.email, action: 'room.delete', target: room.id, origin: request.ip, details: { name: room.name } });
    }
    return reply.code(204).send();
  });

  app.get(routes.roomEntry(':id'), async (request, reply): Promise<RoomEntryResponse> => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request.params);
    if (!user) ensureGuestCookie(request, reply, config.http.publicUrl.startsWith('https:'));
    const settings = await getSettings(db);
    const principal = principalOf(user);
    // Ask the policy with the right code when one is needed, so only *other* refusals show here.
    const decision = decideJoin(principal, roomAccess(room, await moderatorIds(db, room.id)), settings.guests, room.access_code ?? undefined);
    return {
      room: { id: room.id, name: room.name, ownerName: room.owner_name, guests: room.guests, live: meetings.live(room.id) },
      as: principal.kind === 'user' ? 'member' : 'guest',
      refusal: decision.ok ? null : (decision.code as 'owner-suspended' | 'members-only' | 'guests-disabled'),
      needsAccessCode: principal.kind === 'anonymous' && room.guests === 'code',
    };
  });
}
