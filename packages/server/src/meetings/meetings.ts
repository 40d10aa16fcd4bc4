import type { ErrorCode, ParsedClientMessage, ServerMessage } from '@moot/protocol';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { MediaServer } from '../media/media-server.ts';
import type { Db } from '../store/db.ts';
import { decideJoin, type Principal } from '../policy/policy.ts';
import { findRoom } from '../rooms/rooms.ts';
import { getSettings } from '../settings/settings.ts';
import { findUserById } from '../accounts/accounts.ts';
import { Meeting, MediaUnavailableError } from './meeting.ts';
import { Participant, type Peer } from './participant.ts';

export type JoinMessage = Extract<ParsedClientMessage, { type: 'join' }>;

export type Entered = { ok: true; meeting: Meeting; participant: Participant } | { ok: false; code: ErrorCode; details?: string[] };

/** How long a resume token of an ended meeting still answers `meeting-ended`. */
const ENDED_MEMORY_MS = 10 * 60_000;

/** All live meetings of this server, by room, and the ways in and out of them. */
export class Meetings {
  private byRoom = new Map<string, Meeting>();
  private byToken = new Map<string, { meeting: Meeting; participant: Participant }>();
  private endedTokens = new Map<string, number>();

  constructor(
    private db: Db,
    private config: Config,
    private media: MediaServer,
    private log: Logger,
  ) {
    media.on('up', (restarted) => {
      if (restarted) void this.rebuildAll();
    });
  }

  live(roomId: string): number {
    return this.byRoom.get(roomId)?.size ?? 0;
  }

  meeting(roomId: string): Meeting | undefined {
    return this.byRoom.get(roomId);
  }

  async join(peer: Peer, principal: Principal, msg: JoinMessage): Promise<Entered> {
    const room = await findRoom(this.db, msg.room);
    if (!room) return { ok: false, code: 'room-not-found' };
    const settings = await getSettings(this.db);
    const decision = decideJoin(principal, { ownerId: room.owner_id, guests: room.guests, accessCode: room.access_code }, settings.guests, msg.accessCode);
    if (!decision.ok) return { ok: false, code: decision.code };
    const user = principal.kind === 'user' ? await findUserById(this.db, principal.id) : undefined;
    const name = user?.name ?? msg.name;
    if (!name) return { ok: false, code: 'invalid-message', details: ['name: guests must give a name'] };

    let meeting = this.byRoom.get(room.id);
    if (!meeting || meeting.ended) {
      meeting = new Meeting(
        { roomId: room.id, roomName: room.name, maxParticipants: room.max_participants, chatHistory: this.config.meeting.chatHistory },
        this.media,
        this.log.child({ room: room.id }),
      );
      this.byRoom.set(room.id, meeting);
    }
    if (meeting.size >= room.max_participants) return { ok: false, code: 'room-full' };
    try {
      await meeting.ensureMedia();
    } catch (err) {
      if (meeting.size === 0) this.byRoom.delete(room.id);
      if (err instanceof MediaUnavailableError) return { ok: false, code: 'media-unavailable' };
      this.log.error({ err: (err as Error).message }, 'could not create the janus room');
      return { ok: false, code: 'media-error' };
    }
    const participant = new Participant(name, decision.role, user?.id, { audio: msg.audioMuted, video: msg.videoMuted }, peer);
    this.byToken.set(participant.resumeToken, { meeting, participant });
    participant.send(this.joinedMessage(meeting, participant, false));
    meeting.add(participant);
    return { ok: true, meeting, participant };
  }

  resume(peer: Peer, token: string): Entered {
    const found = this.byToken.get(token);
    if (!found) {
      const ended = this.endedTokens.get(token);
      return { ok: false, code: ended && ended > Date.now() ? 'meeting-ended' : 'resume-failed' };
    }
    const { meeting, participant } = found;
    clearTimeout(participant.graceTimer);
    participant.graceTimer = undefined;
    participant.peer = peer;
    participant.send(this.joinedMessage(meeting, participant, true));
    meeting.reconnected(participant);
    return { ok: true, meeting, participant };
  }

  private joinedMessage(meeting: Meeting, participant: Participant, resumed: boolean): ServerMessage {
    return {
      type: 'joined',
      resumed,
      self: participant.view(),
      participants: [participant, ...[...meeting.participants.values()].filter((p) => p.id !== participant.id)].map((p) => p.view()),
      chat: meeting.chat,
      resumeToken: participant.resumeToken,
      meeting: { roomId: meeting.options.roomId, roomName: meeting.options.roomName, startedAt: meeting.startedAt },
      iceServers: this.config.ice.servers,
    };
  }

  /** The connection dropped: keep the place for a while, then let the person go. */
  disconnected(meeting: Meeting, participant: Participant): void {
    meeting.disconnected(participant);
    const seconds = this.config.meeting.participantTimeoutSeconds;
    participant.graceTimer = setTimeout(() => void this.leave(meeting, participant), seconds * 1000);
  }

  async leave(meeting: Meeting, participant: Participant): Promise<void> {
    this.byToken.delete(participant.resumeToken);
    await meeting.remove(participant);
    if (meeting.size === 0 && !meeting.ended) {
      this.byRoom.delete(meeting.options.roomId);
      await meeting.end();
    }
  }

  async end(meeting: Meeting, reason: 'ended-by-moderator' | 'room-deleted', by?: string): Promise<void> {
    const expires = Date.now() + ENDED_MEMORY_MS;
    for (const p of meeting.participants.values()) {
      this.byToken.delete(p.resumeToken);
      this.endedTokens.set(p.resumeToken, expires);
    }
    for (const [token, until] of this.endedTokens) if (until < Date.now()) this.endedTokens.delete(token);
    if (this.byRoom.get(meeting.options.roomId) === meeting) this.byRoom.delete(meeting.options.roomId);
    await meeting.end(reason, by);
  }

  async endRoom(roomId: string): Promise<void> {
    const meeting = this.byRoom.get(roomId);
    if (meeting) await this.end(meeting, 'room-deleted');
  }

  async endAll(): Promise<void> {
    await Promise.allSettled([...this.byRoom.values()].map((m) => m.end()));
    this.byRoom.clear();
  }

  private async rebuildAll(): Promise<void> {
    for (const meeting of this.byRoom.values()) {
      await meeting.rebuildMedia().catch((err: Error) => this.log.error({ err: err.message }, 'could not rebuild meeting media'));
    }
  }
}
