import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CreateShareLinkBody,
  RecordingParams,
  RetryRecordingBody,
  RoomParams,
  RoomRecordingSettingsBody,
  ShareRecordingBody,
  routes,
  type CreatedShareLinkView,
  type RecordedMeetingView,
  type RecordingView,
} from '@moot/protocol';
import type { Services } from '../../services.ts';
import type { User } from '../../accounts/accounts.ts';
import { findUserByEmail } from '../../accounts/accounts.ts';
import { audit } from '../../audit/audit.ts';
import { findRoom, listRooms } from '../../rooms/rooms.ts';
import { roomsModeratedBy } from '../../rooms/moderators.ts';
import { accessTo, type RecordingAccess } from '../../recordings/access.ts';
import type { ReadyNotes } from '../../recordings/jobs.ts';
import { recordedMeeting } from '../../recordings/recorded-meetings.ts';
import { activeShareLinks, createShareLink, revokeShareLink } from '../../recordings/share-links.ts';
import { shred } from '../../recordings/retention.ts';
import {
  findRecording,
  listRecordings,
  roomRecordingSettings,
  setRoomRecordingSettings,
  sharedWith,
  shareWith,
  sharesOf,
  unshare,
  type RecordingRow,
} from '../../recordings/store.ts';
import { LINK_SECONDS } from '../../recordings/tokens.ts';
import { recordingView } from '../../recordings/view.ts';
import { authorize, currentUser, refuseWhileSuspended, requireUser } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';
import { sendMedia } from './media.ts';
import { belongsToRequest, inRequestOrganization } from '../../orgs/scope.ts';

/**
 * Recordings over HTTP. Nothing here is public: every route needs a signed-in account, and a
 * recording the account may not see answers 404, the same as one that does not exist, so ids
 * cannot be probed. Media is fetched only through short-lived links bound to the account.
 */
export function recordingRoutes(app: FastifyInstance, { db, config, recordings }: Services): void {
  const { vault, links, jobs, adminsMayWatch } = recordings;
  /** Links whose first use has been written to the audit log (a player fetches one link many times). */
  const audited = new Map<string, number>();

  async function load(request: FastifyRequest, need: keyof RecordingAccess): Promise<{ user: User; row: RecordingRow; access: RecordingAccess }> {
    const user = requireUser(await currentUser(db, request));
    const parsed = RecordingParams.safeParse({ id: (request.params as { id?: string }).id });
    const found = parsed.success ? await findRecording(db, parsed.data.id) : undefined;
    // Recordings follow their room: another organization's answer like ones that do not exist.
    const row = found && (await recordingInRequest(request, found)) ? found : undefined;
    const access = row ? await accessTo(db, user, row, adminsMayWatch) : undefined;
    // A shredded recording (its key destroyed, its files going) is gone for everyone.
    if (!row?.wrapped_key || !access?.[need]) throw new HttpError('not-found');
    return { user, row, access };
  }

  async function recordingInRequest(request: FastifyRequest, row: RecordingRow): Promise<boolean> {
    const room = await findRoom(db, row.room_id);
    return room !== undefined && (await inRequestOrganization(db, request.raw, room));
  }

  const roomName = async (row: RecordingRow) => (await findRoom(db, row.room_id))?.name ?? '';
  /** "Try again" is offered to whoever manages the recording, while processing could use what is kept. */
  const view = async (row: RecordingRow, manage: boolean, shareLinks: boolean) =>
    recordingView(row, await roomName(row), manage, shareLinks, manage && (await jobs.canRetry(row)));

  app.get(routes.recordings, async (request) => {
    const user = requireUser(await currentUser(db, request));
    const ofRooms = async (roomIds: string[]) => (await Promise.all(roomIds.map((roomId) => listRecordings(db, { roomId })))).flat();
    const own = await ofRooms((await listRooms(db, user.id)).map((room) => room.id));
    const ownIds = new Set(own.map((r) => r.id));
    // The rooms this account co-moderates, then what was shared with it; each recording once.
    const moderated = await ofRooms(await roomsModeratedBy(db, user.id));
    const linkable = new Set([...own, ...moderated].map((r) => r.id));
    const others = [...moderated, ...(await sharedWith(db, user.id))];
    const visible = [...own, ...others.filter((r, i) => !ownIds.has(r.id) && others.findIndex((o) => o.id === r.id) === i)];
    const { room } = request.query as { room?: string };
    const list: RecordingView[] = [];
    for (const row of visible) {
      if (room && row.room_id !== room) continue;
      if (!(await recordingInRequest(request, row))) continue;
      list.push(await view(row, ownIds.has(row.id), linkable.has(row.id)));
    }
    return { recordings: list };
  });

  app.get(routes.recording(':id'), async (request) => {
    const { row, access } = await load(request, 'view');
    const seen = await view(row, access.manage, access.shareLink);
    return { recording: access.manage ? { ...seen, sharedWith: await sharesOf(db, row.id) } : seen };
  });

  app.post(routes.recordingLinks(':id'), async (request) => {
    const { user, row } = await load(request, 'view');
    await refuseWhileSuspended(db, request);
    if (row.state !== 'ready') throw new HttpError('bad-request', [`the recording is ${row.state}`]);
    const view = links.sign(row.id, user.id, 'view');
    const download = links.sign(row.id, user.id, 'download');
    const media = routes.recordingMedia(row.id);
    return { view: `${media}?token=${view.token}`, download: `${media}?token=${download.token}`, expiresAt: view.expiresAt };
  });

  app.get(routes.recordingMedia(':id'), async (request, reply) => {
    // The link and the session must agree, and the account must still be allowed (a revoked share ends at once).
    const { user, row } = await load(request, 'view');
    await refuseWhileSuspended(db, request);
    const token = (request.query as { token?: string }).token ?? '';
    const purpose = links.verify(token, row.id, user.id);
    if (!purpose || row.state !== 'ready') throw new HttpError('not-found');
    const now = Date.now();
    for (const [t, until] of audited) if (until < now) audited.delete(t);
    if (!audited.has(token)) {
      audited.set(token, now + LINK_SECONDS * 1000);
      await audit(db, { actor: user.email, action: `recording.${purpose}`, target: row.id, origin: request.ip, details: { room: row.room_id } });
    }
    return sendMedia(vault, request, reply, row, purpose === 'download');
  });

  app.get(routes.recordingNotes(':id'), async (request) => {
    const { user, row } = await load(request, 'view');
    if (row.state !== 'ready') throw new HttpError('bad-request', [`the recording is ${row.state}`]);
    const notes = await vault.readNotes<ReadyNotes>(row);
    await audit(db, { actor: user.email, action: 'recording.notes', target: row.id, origin: request.ip, details: { room: row.room_id } });
    return { chat: notes.chat, speakers: notes.speakers };
  });

  app.get(routes.recordingMeeting(':id'), async (request): Promise<RecordedMeetingView> => {
    const { user, row } = await load(request, 'view');
    await audit(db, { actor: user.email, action: 'recording.notes', target: row.id, origin: request.ip, details: { room: row.room_id, part: 'meeting' } });
    return recordedMeeting(db, row);
  });

  app.post(routes.recordingShares(':id'), async (request, reply) => {
    const { user, row } = await load(request, 'manage');
    const { email } = parse(ShareRecordingBody, request.body);
    const found = await findUserByEmail(db, email);
    // Shared only within the organization: someone of another one is no account here.
    const target = found && (await belongsToRequest(db, request.raw, found.id)) ? found : undefined;
    if (!target) throw new HttpError('not-found', [`no account ${email}`]);
    await shareWith(db, row.id, target.id);
    await audit(db, { actor: user.email, action: 'recording.share', target: row.id, origin: request.ip, details: { with: target.email } });
    return reply.code(201).send({ sharedWith: await sharesOf(db, row.id) });
  });

  app.delete(routes.recordingShare(':id', ':userId'), async (request) => {
    const { user, row } = await load(request, 'manage');
    const { userId } = request.params as { userId: string };
    if (!(await unshare(db, row.id, userId))) throw new HttpError('not-found');
    await audit(db, { actor: user.email, action: 'recording.unshare', target: row.id, origin: request.ip, details: { user: userId } });
    return { sharedWith: await sharesOf(db, row.id) };
  });

  app.post(routes.recordingShareLinks(':id'), async (request, reply) => {
    const { user, row } = await load(request, 'shareLink');
    if (row.state !== 'ready') throw new HttpError('bad-request', [`the recording is ${row.state}`]);
    const { days } = parse(CreateShareLinkBody, request.body);
    const { link, token } = await createShareLink(db, row.id, user.email, days);
    await audit(db, { actor: user.email, action: 'recording.link-create', target: row.id, origin: request.ip, details: { link: link.id, expiresAt: link.expiresAt } });
    const created: CreatedShareLinkView = { ...link, url: `${config.http.publicUrl}${routes.watchPage(token)}` };
    return reply.code(201).send({ link: created });
  });

  app.get(routes.recordingShareLinks(':id'), async (request) => {
    const { row } = await load(request, 'shareLink');
    return { links: await activeShareLinks(db, row.id) };
  });

  app.delete(routes.recordingShareLink(':id', ':linkId'), async (request) => {
    const { user, row } = await load(request, 'shareLink');
    const { linkId } = request.params as { linkId: string };
    if (!(await revokeShareLink(db, row.id, linkId))) throw new HttpError('not-found');
    await audit(db, { actor: user.email, action: 'recording.link-revoke', target: row.id, origin: request.ip, details: { link: linkId } });
    return { links: await activeShareLinks(db, row.id) };
  });

  app.post(routes.recordingRetry(':id'), async (request, reply) => {
    const { user, row, access } = await load(request, 'manage');
    parse(RetryRecordingBody, request.body);
    const refusal = await jobs.retry(row);
    if (refusal) throw new HttpError('recording-not-retryable', [refusal]);
    await audit(db, { actor: user.email, action: 'recording.retry', target: row.id, origin: request.ip, details: { room: row.room_id } });
    const retried = (await findRecording(db, row.id)) ?? row;
    return reply.code(202).send({ recording: await view(retried, access.manage, access.shareLink) });
  });

  app.delete(routes.recording(':id'), async (request, reply) => {
    const { user, row } = await load(request, 'delete');
    if (row.state === 'recording') throw new HttpError('bad-request', ['stop the recording first']);
    await shred(db, vault, row, { actor: user.email, origin: request.ip, reason: 'deleted' });
    return reply.code(204).send();
  });

  async function ownedRoom(request: FastifyRequest) {
    const user = await currentUser(db, request);
    const parsed = RoomParams.safeParse(request.params);
    const room = parsed.success ? await findRoom(db, parsed.data.id) : undefined;
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    authorize(user, 'room.manage', { roomOwnerId: room.owner_id });
    return room;
  }

  app.get(routes.roomRecordingSettings(':id'), async (request) => roomRecordingSettings(db, (await ownedRoom(request)).id));

  app.put(routes.roomRecordingSettings(':id'), async (request) => {
    const room = await ownedRoom(request);
    const body = parse(RoomRecordingSettingsBody, request.body);
    await setRoomRecordingSettings(db, room.id, body);
    return roomRecordingSettings(db, room.id);
  });
}
