import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateRoomBody, RoomModeratorsBody, RoomParams, UpdateRoomBody, routes, type RoomEntryResponse, type RoomListResponse } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { createRoom, deleteRoom, findRoom, listRooms, roomAccess, roomsModerated, roomView, updateRoom, type RoomWithOwner } from '../../rooms/rooms.ts';
import { listRecordings, roomRecordingSettings } from '../../recordings/store.ts';
import { moderatorIds, roomModerators, setRoomModerators, UnknownAccountsError } from '../../rooms/moderators.ts';
import { getSettings } from '../../settings/settings.ts';
import { decideJoin } from '../../policy/policy.ts';
import { audit } from '../../audit/audit.ts';
import { dialInView } from '../../phone/dial-in-view.ts';
import { authorize, currentUser, principalOf, requireUser, ensureGuestCookie } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';
import { SlideFiles } from '../../slides/files.ts';
import { findOrganizationById } from '../../orgs/orgs.ts';
import { organizationBaseUrl, requestOrganization } from '../../orgs/resolve.ts';
import { inRequestOrganization } from '../../orgs/scope.ts';
import { roomRefusal } from '../../orgs/quotas.ts';
import { offersRelay } from '../../media/turn-credentials.ts';

export function roomRoutes(app: FastifyInstance, { db, config, meetings }: Services): void {
  /** A room's link lives where its organization's pages do. */
  const linkBase = async (room: RoomWithOwner) => organizationBaseUrl(config.http.publicUrl, (await findOrganizationById(db, room.organization_id))!);
  /** A co-moderator's view: the access code too, since moderators bring guests in. */
  const moderatorView = async (room: RoomWithOwner) => roomView(room, await linkBase(room), { showCode: true, live: meetings.live(room.id), sip: config.sip });
  /** The owner's view: with the access code, the co-moderators and the recording settings. */
  const ownerView = async (room: RoomWithOwner) =>
    roomView(room, await linkBase(room), {
      showCode: true,
      live: meetings.live(room.id),
      sip: config.sip,
      moderators: (await roomModerators(db, room.id)).map((m) => m.email),
      recording: await roomRecordingSettings(db, room.id),
    });

  /** Writes a room change; emails without an account refuse all of it, in plain words. */
  async function refusingUnknownAccounts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof UnknownAccountsError) throw new HttpError('unknown-accounts', err.emails);
      throw err;
    }
  }

  async function existingRoom(request: FastifyRequest): Promise<RoomWithOwner> {
    // A mistyped link is simply a room that does not exist; so is another organization's room.
    const parsed = RoomParams.safeParse(request.params);
    const room = parsed.success ? await findRoom(db, parsed.data.id) : undefined;
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    return room;
  }

  app.get(routes.rooms, async (request): Promise<RoomListResponse> => {
    const user = await currentUser(db, request);
    authorize(user, 'room.list-own');
    const { id } = requireUser(user);
    const organization = (await requestOrganization(db, request.raw))?.id;
    const here = (rooms: RoomWithOwner[]) => rooms.filter((room) => room.organization_id === organization);
    const [owned, moderated] = await Promise.all([listRooms(db, id), roomsModerated(db, id)]);
    return { rooms: await Promise.all(here(owned).map(ownerView)), moderated: await Promise.all(here(moderated).map(moderatorView)) };
  });

  app.post(routes.rooms, async (request, reply) => {
    const user = await currentUser(db, request);
    authorize(user, 'room.create');
    const body = parse(CreateRoomBody, request.body);
    const owner = requireUser(user);
    if ((await listRooms(db, owner.id)).length >= config.meeting.maxRoomsPerMember) throw new HttpError('too-many-rooms');
    // currentUser answered, so the request's organization exists and the owner is its member.
    const organizationId = (await requestOrganization(db, request.raw))!.id;
    const refusal = await roomRefusal(db, organizationId);
    if (refusal) throw new HttpError(refusal);
    const room = await refusingUnknownAccounts(() => createRoom(db, owner.id, { ...body, organizationId }, config.meeting.defaultMaxParticipants));
    if (body.moderators.length) await audit(db, { actor: owner.email, action: 'room.moderators', target: room.id, origin: request.ip, details: { moderators: body.moderators } });
    return reply.code(201).send({ room: await ownerView({ ...room, owner_name: owner.name }) });
  });

  app.get(routes.room(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    return { room: await ownerView(room) };
  });

  app.patch(routes.room(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    const body = parse(UpdateRoomBody, request.body);
    const updated = await refusingUnknownAccounts(() => updateRoom(db, room, body));
    if (body.moderators) await audit(db, { actor: user!.email, action: 'room.moderators', target: room.id, origin: request.ip, details: { moderators: body.moderators } });
    return { room: await ownerView({ ...updated, owner_name: room.owner_name }) };
  });

  app.get(routes.roomModerators(':id'), async (request) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    return { moderators: await roomModerators(db, room.id) };
  });

  app.put(routes.roomModerators(':id'), async (request) => {
    const user = requireUser(await currentUser(db, request));
    const room = await existingRoom(request);
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    const { emails } = parse(RoomModeratorsBody, request.body);
    const moderators = await refusingUnknownAccounts(() => setRoomModerators(db, room, emails));
    await audit(db, { actor: user.email, action: 'room.moderators', target: room.id, origin: request.ip, details: { moderators: moderators.map((m) => m.email) } });
    return { moderators };
  });

  app.delete(routes.room(':id'), async (request, reply) => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request);
    authorize(user, 'room.delete', { roomOwnerId: room.owner_id });
    // The room's recordings go with it (their keys at once, their files at the next purge): name them.
    const recordings = (await listRecordings(db, { roomId: room.id })).map((r) => r.id);
    await meetings.endRoom(room.id);
    await deleteRoom(db, room.id);
    await new SlideFiles(config.data.dir).removeRoom(room.id);
    await audit(db, { actor: requireUser(user).email, action: 'room.delete', target: room.id, origin: request.ip, details: { name: room.name, recordings } });
    return reply.code(204).send();
  });

  app.get(routes.roomEntry(':id'), async (request, reply): Promise<RoomEntryResponse> => {
    const user = await currentUser(db, request);
    const room = await existingRoom(request);
    if (!user) ensureGuestCookie(request, reply, config.http.publicUrl.startsWith('https:'));
    const settings = await getSettings(db, room.organization_id);
    const principal = principalOf(user);
    // Ask the policy with the right code when one is needed, so only *other* refusals show here.
    const standing = await moderatorIds(db, room.id);
    const decision = decideJoin(principal, roomAccess(room, standing), settings.guests, room.access_code ?? undefined);
    const moderates = user !== undefined && (user.id === room.owner_id || standing.includes(user.id));
    const dialIn = dialInView(config.sip, room.dial_in_pin);
    return {
      room: { id: room.id, name: room.name, ownerName: room.owner_name, guests: room.guests, live: meetings.live(room.id) },
      as: principal.kind === 'user' ? 'member' : 'guest',
      refusal: decision.ok ? null : (decision.code as 'owner-suspended' | 'members-only' | 'guests-disabled'),
      needsAccessCode: principal.kind === 'anonymous' && room.guests === 'code',
      relay: offersRelay(config),
      // Moderators bring guests in: their invitation carries the code.
      ...(moderates && room.access_code ? { accessCode: room.access_code } : {}),
      ...(moderates && dialIn ? { dialIn } : {}),
    };
  });
}
