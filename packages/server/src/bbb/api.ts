import type { MeetingRole } from '@moot/protocol';
import { errorMessages, routes } from '@moot/protocol';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Vault } from '../recordings/vault.ts';
import { runningMeetingView, type RunningMeetingView } from '../cluster/live-meetings.ts';
import { audit } from '../audit/audit.ts';
import { createRoom, findRoom, updateRoom } from '../rooms/rooms.ts';
import { operatorOrganization } from '../orgs/orgs.ts';
import { roomRefusal } from '../orgs/quotas.ts';
import { findRecording, listRecordings, setRoomRecordingSettings, type RecordingRow } from '../recordings/store.ts';
import { createShareLink } from '../recordings/share-links.ts';
import { shred } from '../recordings/retention.ts';
import { randomBytes } from 'node:crypto';
import { serviceAccountId } from './account.ts';
import type { Callbacks } from './callbacks.ts';
import {
  ApiFailure,
  CreateParams,
  JoinParams,
  MeetingParams,
  PublishParams,
  RecordIds,
  RecordingsQuery,
  idList,
  metadataOf,
  parseParams,
} from './params.ts';
import {
  bbbMeetingOfRoom,
  findBbbMeeting,
  listBbbMeetings,
  recordingExtras,
  saveBbbMeeting,
  saveRecordingExtras,
  type BbbMeeting,
  type GuestPolicyName,
} from './store.ts';
import { issueTicket } from './tickets.ts';
import { success, type XmlObject } from './xml.ts';

/** How long a playback link handed out by getRecordings opens the recording. */
const PLAYBACK_LINK_DAYS = 1;
const ACTOR = 'bigbluebutton-api';

/** What a call answers: an XML body, or a redirect (join's default). */
export type CallResult = { xml: XmlObject } | { redirect: string };

const notFound = () => new ApiFailure('notFound', 'We could not find a meeting with that meeting ID.');
const ms = (iso: string) => String(Date.parse(iso));

/**
 * BigBlueButton's API calls on moot's rooms, meetings and recordings. A meetingID is a room
 * owned by the API's service account; the live meeting is moot's own.
 */
export class BbbApi {
  constructor(
    private db: Db,
    private config: Config,
    private meetings: Meetings,
    private vault: Vault,
    private callbacks: Callbacks,
    /** The installation's live meetings, whichever process runs them. */
    private liveMeetings: () => Promise<RunningMeetingView[]>,
  ) {}

  async call(name: string, query: URLSearchParams): Promise<CallResult> {
    switch (name) {
      case '':
        return { xml: success({ version: '2.0', apiVersion: '2.0', bbbVersion: '' }) };
      case 'create':
        return { xml: await this.create(query) };
      case 'join':
        return this.join(query);
      case 'isMeetingRunning':
        return { xml: await this.isMeetingRunning(query) };
      case 'getMeetingInfo':
        return { xml: await this.getMeetingInfo(query) };
      case 'getMeetings':
        return { xml: await this.getMeetings() };
      case 'end':
        return { xml: await this.end(query) };
      case 'getRecordings':
        return { xml: await this.getRecordings(query) };
      case 'publishRecordings':
        return { xml: await this.publishRecordings(query) };
      case 'deleteRecordings':
        return { xml: await this.deleteRecordings(query) };
      case 'updateRecordings':
        return { xml: await this.updateRecordings(query) };
      case 'insertDocument':
        throw new ApiFailure('notSupported', 'moot has no presentation slides yet: insertDocument is not available.');
      default:
        throw new ApiFailure('unsupportedRequest', 'This API call is not supported.');
    }
  }

  private async create(query: URLSearchParams): Promise<XmlObject> {
    const p = parseParams(CreateParams, query);
    const existing = await findBbbMeeting(this.db, p.meetingID);
    const open = existing && !existing.endedAt;
    if (open) {
      // Integrations call create before every join: the same meeting again is a warning, other passwords a clash.
      const samePasswords = (p.attendeePW === undefined || p.attendeePW === existing.attendeePW) && (p.moderatorPW === undefined || p.moderatorPW === existing.moderatorPW);
      if (!samePasswords) throw new ApiFailure('idNotUnique', 'A meeting already exists with that meeting ID. Please use a different meeting ID.');
      return success({
        ...this.createdView(existing),
        messageKey: 'duplicateWarning',
        message: 'This conference was already in existence and may currently be in progress.',
      });
    }
    const meeting: BbbMeeting = {
      meetingId: p.meetingID,
      roomId: existing?.roomId ?? '',
      name: (p.name?.trim() || p.meetingID).slice(0, 200),
      attendeePW: p.attendeePW ?? randomBytes(8).toString('hex'),
      moderatorPW: p.moderatorPW ?? randomBytes(8).toString('hex'),
      guestPolicy: p.guestPolicy === 'ALWAYS_ACCEPT_AUTH' ? 'ALWAYS_ACCEPT' : (p.guestPolicy ?? 'ALWAYS_ACCEPT'),
      options: {
        record: p.record ?? false,
        allowStartStopRecording: p.allowStartStopRecording ?? true,
        autoStartRecording: p.autoStartRecording ?? false,
        muteOnStart: p.muteOnStart ?? false,
        maxParticipants: p.maxParticipants ?? 0,
        welcome: p.welcome ?? '',
        logoutURL: p.logoutURL ?? '',
        voiceBridge: p.voiceBridge ?? String(70000 + (randomBytes(2).readUInt16BE() % 30000)),
      },
      metadata: metadataOf(query),
      createdAt: new Date().toISOString(),
      endedAt: null,
    };
    meeting.roomId = await this.roomFor(meeting);
    await saveBbbMeeting(this.db, meeting);
    await audit(this.db, { actor: ACTOR, action: 'bbb.create', target: meeting.roomId, origin: 'api', details: { meetingID: meeting.meetingId } });
    return success(this.createdView(meeting));
  }

  /** The meeting's room, made on the first create and brought in line with each later one. */
  private async roomFor(m: BbbMeeting): Promise<string> {
    const limit = this.config.meeting.defaultMaxParticipants;
    const input = {
      name: m.name,
      // Nobody enters without a join URL from the API: the plain room link admits members only.
      guests: 'off' as const,
      maxParticipants: m.options.maxParticipants > 0 ? Math.max(2, Math.min(m.options.maxParticipants, 500)) : limit,
      lobby: guestLobby[m.guestPolicy],
    };
    const room = m.roomId ? await findRoom(this.db, m.roomId) : undefined;
    // The API's rooms are the operator's organization's, held to its rooms quota like any other.
    const refusal = room ? undefined : await roomRefusal(this.db, (await operatorOrganization(this.db)).id);
    if (refusal) throw new ApiFailure(refusal, errorMessages[refusal]);
    const id = room ? (await updateRoom(this.db, room, input)).id : (await createRoom(this.db, await serviceAccountId(this.db), input, limit)).id;
    // BigBlueButton's record=false means nobody records; allowStartStopRecording=false leaves only autoStart, which moot lacks.
    await setRoomRecordingSettings(this.db, id, { allowed: m.options.record && m.options.allowStartStopRecording, maxAgeDays: null });
    return id;
  }

  private createdView(m: BbbMeeting): XmlObject {
    const live = this.meetings.meetingOf(m.roomId);
    return {
      meetingID: m.meetingId,
      internalMeetingID: m.roomId,
      parentMeetingID: 'bbb-none',
      attendeePW: m.attendeePW,
      moderatorPW: m.moderatorPW,
      createTime: ms(m.createdAt),
      voiceBridge: m.options.voiceBridge,
      dialNumber: '',
      createDate: new Date(m.createdAt).toUTCString(),
      hasUserJoined: live !== undefined,
      duration: 0,
      hasBeenForciblyEnded: false,
    };
  }

  private async openMeeting(meetingId: string): Promise<BbbMeeting> {
    const meeting = await findBbbMeeting(this.db, meetingId);
    if (!meeting || meeting.endedAt) throw notFound();
    return meeting;
  }

  private async join(query: URLSearchParams): Promise<CallResult> {
    const p = parseParams(JoinParams, query);
    const meeting = await this.openMeeting(p.meetingID);
    if (p.createTime !== undefined && p.createTime !== ms(meeting.createdAt)) {
      throw new ApiFailure('mismatchCreateTimeParam', 'The createTime parameter submitted mismatches with the current meeting.');
    }
    const role = roleOf(meeting, p);
    if (role === 'guest' && meeting.guestPolicy === 'ALWAYS_DENY') throw new ApiFailure('guestDeniedAccess', 'Guests are not allowed in this meeting.');
    const token = await issueTicket(this.db, { roomId: meeting.roomId, name: p.fullName, role, userId: p.userID ?? null, muted: meeting.options.muteOnStart });
    const url = `${this.config.http.publicUrl}${routes.roomPage(meeting.roomId)}#ticket=${token}`;
    if (p.redirect ?? true) return { redirect: url };
    return {
      xml: success({
        messageKey: 'successfullyJoined',
        message: 'You have joined successfully.',
        meeting_id: meeting.roomId,
        user_id: p.userID ?? '',
        auth_token: '',
        session_token: '',
        guestStatus: role === 'guest' && meeting.guestPolicy === 'ASK_MODERATOR' ? 'WAIT' : 'ALLOW',
        url,
      }),
    };
  }

  private async isMeetingRunning(query: URLSearchParams): Promise<XmlObject> {
    const { meetingID } = parseParams(MeetingParams, query);
    const meeting = await findBbbMeeting(this.db, meetingID);
    return success({ running: meeting !== undefined && this.meetings.meetingOf(meeting.roomId) !== undefined });
  }

  private async getMeetingInfo(query: URLSearchParams): Promise<XmlObject> {
    const { meetingID } = parseParams(MeetingParams, query);
    const meeting = await this.openMeeting(meetingID);
    // Asked of the process that runs the meeting (the request hops there): it is read here.
    const running = this.meetings.meetingOf(meeting.roomId);
    const live = running && this.meetings.liveOf(running);
    return success(this.meetingView(meeting, live && runningMeetingView(live)));
  }

  /** Meetings created and not ended, the running ones among them, in whichever process runs them; at most the latest thousand. */
  private async getMeetings(): Promise<XmlObject> {
    const open = (await listBbbMeetings(this.db)).filter((m) => !m.endedAt).slice(-1000);
    if (open.length === 0) return success({ meetings: {}, messageKey: 'noMeetings', message: 'no meetings were found on this server' });
    const live = new Map((await this.liveMeetings()).map((meeting) => [meeting.roomId, meeting]));
    return success({ meetings: { meeting: open.map((m) => this.meetingView(m, live.get(m.roomId))) } });
  }

  private meetingView(m: BbbMeeting, live: RunningMeetingView | undefined): XmlObject {
    const people = live?.people ?? [];
    return {
      meetingName: m.name,
      meetingID: m.meetingId,
      internalMeetingID: m.roomId,
      createTime: ms(m.createdAt),
      createDate: new Date(m.createdAt).toUTCString(),
      voiceBridge: m.options.voiceBridge,
      dialNumber: '',
      attendeePW: m.attendeePW,
      moderatorPW: m.moderatorPW,
      running: live !== undefined,
      duration: 0,
      hasUserJoined: live !== undefined,
      recording: live?.recording ?? false,
      hasBeenForciblyEnded: false,
      startTime: live ? ms(live.startedAt) : '0',
      endTime: 0,
      participantCount: people.length,
      listenerCount: 0,
      voiceParticipantCount: people.length,
      videoCount: people.filter((p) => !p.videoMuted).length,
      maxUsers: m.options.maxParticipants,
      moderatorCount: people.filter((p) => p.role === 'moderator').length,
      attendees: {
        attendee: people.map((p) => ({
          userID: p.externalUserId ?? p.id,
          fullName: p.name,
          role: p.role === 'moderator' ? 'MODERATOR' : 'VIEWER',
          isPresenter: false,
          isListeningOnly: false,
          hasJoinedVoice: true,
          hasVideo: !p.videoMuted,
          clientType: 'HTML5',
        })),
      },
      metadata: m.metadata,
      isBreakout: false,
      welcome: m.options.welcome,
      logoutURL: m.options.logoutURL,
      muteOnStart: m.options.muteOnStart,
      guestPolicy: m.guestPolicy,
      record: m.options.record,
      allowStartStopRecording: m.options.allowStartStopRecording,
      autoStartRecording: m.options.autoStartRecording,
    };
  }

  private async end(query: URLSearchParams): Promise<XmlObject> {
    const { meetingID } = parseParams(MeetingParams, query);
    const meeting = await this.openMeeting(meetingID);
    const live = this.meetings.meetingOf(meeting.roomId);
    await saveBbbMeeting(this.db, { ...meeting, endedAt: new Date().toISOString() });
    // A live meeting's end reaches the callbacks through the meeting core; one not running is told here.
    if (live) await this.meetings.end(live, 'ended-by-moderator');
    else await this.callbacks.meetingEnded(meeting);
    await audit(this.db, { actor: ACTOR, action: 'bbb.end', target: meeting.roomId, origin: 'api', details: { meetingID } });
    return success({ messageKey: 'sentEndMeetingRequest', message: 'A request to end the meeting was sent. Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.' });
  }

  /** The recordings of the API's meetings, filtered by meeting, recording and state as asked. */
  private async recordingsOf(meetingIds: string[], recordIds: string[]): Promise<{ row: RecordingRow; meeting: BbbMeeting }[]> {
    const found: { row: RecordingRow; meeting: BbbMeeting }[] = [];
    if (recordIds.length) {
      for (const id of recordIds) {
        const row = await findRecording(this.db, id);
        const meeting = row && (await bbbMeetingOfRoom(this.db, row.room_id));
        if (row && meeting && (meetingIds.length === 0 || meetingIds.includes(meeting.meetingId))) found.push({ row, meeting });
      }
      return found;
    }
    const meetings = meetingIds.length ? (await Promise.all(meetingIds.map((id) => findBbbMeeting(this.db, id)))).filter((m) => m !== undefined) : await listBbbMeetings(this.db);
    for (const meeting of meetings) for (const row of await listRecordings(this.db, { roomId: meeting.roomId })) found.push({ row, meeting });
    return found;
  }

  private async getRecordings(query: URLSearchParams): Promise<XmlObject> {
    const p = parseParams(RecordingsQuery, query);
    // BigBlueButton's default: what is ready, published or not.
    const states = p.state ? idList(p.state) : ['published', 'unpublished'];
    const list: XmlObject[] = [];
    for (const { row, meeting } of await this.recordingsOf(idList(p.meetingID), idList(p.recordID))) {
      const extras = await recordingExtras(this.db, row.id);
      const state = row.state === 'ready' ? (extras.published ? 'published' : 'unpublished') : 'processing';
      if (!states.includes(state) && !states.includes('any')) continue;
      list.push(await this.recordingView(row, meeting, extras.published, state, extras.metadata));
    }
    if (list.length === 0) return success({ recordings: {}, messageKey: 'noRecordings', message: 'There are no recordings for the meeting(s).' });
    return success({ recordings: { recording: list } });
  }

  private async recordingView(row: RecordingRow, meeting: BbbMeeting, published: boolean, state: string, metadata: Record<string, string>): Promise<XmlObject> {
    // Never a file: a link that expires and opens moot's player, made anew at each listing.
    const playback = published && row.state === 'ready' ? await this.playbackUrl(row.id) : undefined;
    return {
      recordID: row.id,
      meetingID: meeting.meetingId,
      internalMeetingID: meeting.roomId,
      name: row.name,
      isBreakout: false,
      published,
      state,
      startTime: ms(row.started_at),
      endTime: row.ended_at ? ms(row.ended_at) : '0',
      participants: 0,
      rawSize: row.size,
      metadata: { ...meeting.metadata, meetingId: meeting.meetingId, meetingName: meeting.name, ...metadata },
      size: row.size,
      playback: playback
        ? { format: { type: 'video', url: playback, processingTime: 0, length: Math.round((row.duration_ms ?? 0) / 60_000), size: row.size } }
        : {},
      data: {},
    };
  }

  private async playbackUrl(recordingId: string): Promise<string> {
    const { token } = await createShareLink(this.db, recordingId, ACTOR, PLAYBACK_LINK_DAYS);
    return `${this.config.http.publicUrl}${routes.watchPage(token)}`;
  }

  private async ownRecordings(recordIds: string): Promise<RecordingRow[]> {
    const found = await this.recordingsOf([], idList(recordIds));
    if (found.length === 0) throw new ApiFailure('notFound', 'We could not find recordings');
    return found.map((f) => f.row);
  }

  private async publishRecordings(query: URLSearchParams): Promise<XmlObject> {
    const p = parseParams(PublishParams, query);
    for (const row of await this.ownRecordings(p.recordID)) {
      await saveRecordingExtras(this.db, row.id, { ...(await recordingExtras(this.db, row.id)), published: p.publish });
    }
    return success({ published: p.publish });
  }

  private async deleteRecordings(query: URLSearchParams): Promise<XmlObject> {
    const p = parseParams(RecordIds, query);
    for (const row of await this.ownRecordings(p.recordID)) await shred(this.db, this.vault, row, { actor: ACTOR, origin: 'api', reason: 'deleted' });
    return success({ deleted: true });
  }

  private async updateRecordings(query: URLSearchParams): Promise<XmlObject> {
    const p = parseParams(RecordIds, query);
    const changes = metadataOf(query);
    for (const row of await this.ownRecordings(p.recordID)) {
      const extras = await recordingExtras(this.db, row.id);
      const metadata = { ...extras.metadata, ...changes };
      // An empty meta value removes the key, as in BigBlueButton.
      for (const [key, value] of Object.entries(changes)) if (value === '') delete metadata[key];
      await saveRecordingExtras(this.db, row.id, { ...extras, metadata });
    }
    return success({ updated: true });
  }
}

/** Who waits for a moderator: ASK_MODERATOR sends guests to the lobby; ALWAYS_DENY refuses them at join. */
const guestLobby: Record<GuestPolicyName, 'off' | 'guests'> = { ALWAYS_ACCEPT: 'off', ASK_MODERATOR: 'guests', ALWAYS_DENY: 'off' };

/** The meeting role from `role` (BigBlueButton 2.7 on) or the password, and `guest`. */
function roleOf(meeting: BbbMeeting, p: { role?: 'MODERATOR' | 'VIEWER'; password?: string; guest?: boolean }): MeetingRole {
  let moderator: boolean;
  if (p.role) moderator = p.role === 'MODERATOR';
  else if (p.password !== undefined && p.password === meeting.moderatorPW) moderator = true;
  else if (p.password !== undefined && p.password === meeting.attendeePW) moderator = false;
  else throw new ApiFailure('invalidPassword', 'You either did not supply a password or the password supplied is neither the attendee or moderator password for this conference.');
  if (moderator) return 'moderator';
  return p.guest ? 'guest' : 'participant';
}
