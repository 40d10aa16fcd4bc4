import { errorMessages, type ErrorCode, type ModerationAction, type ParsedClientMessage, type ServerMessage } from '@moot/protocol';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { MediaServer } from '../media/media-server.ts';
import type { Db } from '../store/db.ts';
import { decideJoin, type Principal } from '../policy/policy.ts';
import { findRoom, roomAccess, type RoomWithOwner } from '../rooms/rooms.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { getSettings } from '../settings/settings.ts';
import { findUserById } from '../accounts/accounts.ts';
import { Meeting, MediaUnavailableError } from './meeting.ts';
import { Participant, type Peer } from './participant.ts';
import { Lobby, type LobbyEntry } from './lobby.ts';
import type { Recorder } from '../recordings/recorder.ts';

export type JoinMessage = Extract<ParsedClientMessage, { type: 'join' }>;

export type Entered =
  | { ok: true; meeting: Meeting; participant: Participant }
  | { ok: 'waiting' }
  | { ok: false; code: ErrorCode; details?: string[] };

/** How long a resume token of an ended meeting still answers `meeting-ended`. */
const ENDED_MEMORY_MS = 10 * 60_000;

interface Live {
  meeting: Meeting;
  lobby: Lobby;
  /** People removed by a moderator (account ids, guest keys): they need admission to return. */
  removed: Set<string>;
  room: RoomWithOwner;
}

/** All live meetings of this server, by room, and the ways in and out of them. */
export class Meetings {
  private byRoom = new Map<string, Live>();
  private byToken = new Map<string, { meeting: Meeting; participant: Participant }>();
  private endedTokens = new Map<string, number>();
  /** Starts and stops recordings; set by main.ts (absent in a server without recordings). */
  recorder: Recorder | undefined;

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
    return this.byRoom.get(roomId)?.meeting.size ?? 0;
  }

  async join(peer: Peer, principal: Principal, msg: JoinMessage, guestKey: string): Promise<Entered> {
    const room = await findRoom(this.db, msg.room);
    if (!room) return { ok: false, code: 'room-not-found' };
    const settings = await getSettings(this.db);
    // Read at each join: a change to the room's moderators applies from the next entry on.
    const decision = decideJoin(principal, roomAccess(room, await moderatorIds(this.db, room.id)), settings.guests, msg.accessCode);
    if (!decision.ok) return { ok: false, code: decision.code };
    const user = principal.kind === 'user' ? await findUserById(this.db, principal.id) : undefined;
    const name = user?.name ?? msg.name;
    if (!name) return { ok: false, code: 'invalid-message', details: ['name: guests must give a name'] };

    let live = this.byRoom.get(room.id);
    if (!live || live.meeting.ended) {
      const meeting = new Meeting(
        { roomId: room.id, roomName: room.name, maxParticipants: room.max_participants, chatHistory: this.config.meeting.chatHistory },
        this.media,
        this.log.child({ room: room.id }),
      );
      live = { meeting, lobby: new Lobby(), removed: new Set(), room };
      this.byRoom.set(room.id, live);
    }
    live.room = room;
    const { meeting } = live;
    if (meeting.size >= room.max_participants) return { ok: false, code: 'room-full' };
    try {
      await meeting.ensureMedia();
    } catch (err) {
      if (meeting.size === 0) this.byRoom.delete(room.id);
      if (err instanceof MediaUnavailableError) return { ok: false, code: 'media-unavailable' };
      this.log.error({ err: (err as Error).message }, 'could not create the janus rooms');
      return { ok: false, code: 'media-error' };
    }
    const candidate = { name, role: decision.role, userId: user?.id, guestKey, peer, request: msg };
    if (this.mustWait(live, candidate)) {
      live.lobby.add(candidate);
      peer.send({ type: 'waiting', roomName: room.name });
      this.sendLobby(live);
      return { ok: 'waiting' };
    }
    return this.enter(live, candidate);
  }

  private mustWait(live: Live, who: { role: string; userId: string | undefined; guestKey: string }): boolean {
    if (who.role === 'moderator') return false;
    if (live.meeting.locked) return true;
    if (live.removed.has(who.userId ?? who.guestKey)) return true;
    return live.room.lobby === 'everyone' || (live.room.lobby === 'guests' && who.role === 'guest');
  }

  private enter(live: Live, who: Omit<LobbyEntry, 'id' | 'since'>): Entered {
    const { meeting, room } = live;
    // In a large meeting people arrive muted, so a late joiner's room noise interrupts nobody.
    const audioMuted = who.request.audioMuted || meeting.size >= room.join_muted_above;
    const participant = new Participant({ ...who, audioMuted, videoMuted: who.request.videoMuted });
    this.byToken.set(participant.resumeToken, { meeting, participant });
    participant.send(this.joinedMessage(meeting, participant, false));
    meeting.add(participant);
    if (participant.role === 'moderator') this.sendLobby(live);
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
      self: participant.toView(),
      participants: meeting.views(participant),
      chat: meeting.chat,
      resumeToken: participant.resumeToken,
      meeting: { roomId: meeting.options.roomId, roomName: meeting.options.roomName, startedAt: meeting.startedAt, locked: meeting.locked },
      iceServers: this.config.ice.servers,
      recording: meeting.recording !== undefined,
    };
  }

  private sendLobby(live: Live): void {
    const message: ServerMessage = { type: 'lobby', waiting: live.lobby.views() };
    for (const m of live.meeting.moderators()) m.send(message);
  }

  private liveOf(meeting: Meeting): Live | undefined {
    const live = this.byRoom.get(meeting.options.roomId);
    return live?.meeting === meeting ? live : undefined;
  }

  /** A moderator's answer to someone in the lobby. */
  admit(meeting: Meeting, entryId: string, admitted: boolean): ErrorCode | undefined {
    const live = this.liveOf(meeting);
    const entry = live?.lobby.take(entryId);
    if (!live || !entry) return 'not-found-participant';
    this.sendLobby(live);
    if (!admitted) {
      entry.peer.send({ type: 'error', code: 'lobby-denied', message: errorMessages['lobby-denied'], ref: 'join' });
      return undefined;
    }
    if (meeting.size >= live.room.max_participants) {
      entry.peer.send({ type: 'error', code: 'room-full', message: errorMessages['room-full'], ref: 'join' });
      return undefined;
    }
    const entered = this.enter(live, entry);
    if (entered.ok === true) entry.peer.entered(entered.meeting, entered.participant);
    return undefined;
  }

  /** A waiting person's connection closed. */
  leftLobby(peer: Peer): void {
    for (const live of this.byRoom.values()) if (live.lobby.dropPeer(peer)) this.sendLobby(live);
  }

  setLocked(meeting: Meeting, locked: boolean, by: Participant): void {
    meeting.locked = locked;
    meeting.broadcast({ type: 'locked', locked, by: by.name });
  }

  /** A moderator acts on someone; returns an error code when the target is not there or protected. */
  async moderate(meeting: Meeting, by: Participant, action: ModerationAction, targetId: string): Promise<ErrorCode | undefined> {
    const target = meeting.participants.get(targetId);
    const live = this.liveOf(meeting);
    if (!target || !live) return 'not-found-participant';
    const isOwner = target.userId !== undefined && target.userId === live.room.owner_id;
    switch (action) {
      case 'mute':
        await meeting.setMuted(target, 'audio', true);
        target.send({ type: 'mutedBy', by: by.name, kind: 'audio' });
        return undefined;
      case 'stopVideo':
        await meeting.setMuted(target, 'video', true);
        target.send({ type: 'mutedBy', by: by.name, kind: 'video' });
        return undefined;
      case 'askUnmute':
        target.send({ type: 'askUnmute', by: by.name });
        return undefined;
      case 'lowerHand':
        meeting.setHand(target, false);
        return undefined;
      case 'promote':
        meeting.setRole(target, 'moderator');
        this.sendLobby(live);
        return undefined;
      case 'demote':
        // The owner stays a moderator of their own room.
        if (isOwner) return 'forbidden';
        meeting.setRole(target, target.userId ? 'participant' : 'guest');
        return undefined;
      case 'remove':
        if (isOwner) return 'forbidden';
        live.removed.add(target.userId ?? target.guestKey);
        target.send({ type: 'meetingEnded', reason: 'removed', by: by.name });
        this.byToken.delete(target.resumeToken);
        await this.leave(meeting, target);
        return undefined;
    }
  }

  async muteAll(meeting: Meeting, by: Participant): Promise<void> {
    for (const p of meeting.participants.values()) {
      if (p.id === by.id || p.audioMuted) continue;
      await meeting.setMuted(p, 'audio', true);
      p.send({ type: 'mutedBy', by: by.name, kind: 'audio' });
    }
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
      this.close(meeting);
      await meeting.end();
    }
  }

  /** The meeting stops being live: nobody can enter it any more, those waiting are told. */
  private close(meeting: Meeting): void {
    const live = this.liveOf(meeting);
    if (!live) return;
    for (const e of live.lobby.all()) e.peer.send({ type: 'error', code: 'meeting-ended', message: errorMessages['meeting-ended'], ref: 'join' });
    this.byRoom.delete(meeting.options.roomId);
  }

  async end(meeting: Meeting, reason: 'ended-by-moderator' | 'room-deleted', by?: string): Promise<void> {
    const expires = Date.now() + ENDED_MEMORY_MS;
    for (const p of meeting.participants.values()) {
      this.byToken.delete(p.resumeToken);
      this.endedTokens.set(p.resumeToken, expires);
    }
    for (const [token, until] of this.endedTokens) if (until < Date.now()) this.endedTokens.delete(token);
    this.close(meeting);
    await meeting.end(reason, by);
  }

  async endRoom(roomId: string): Promise<void> {
    const live = this.byRoom.get(roomId);
    if (live) await this.end(live.meeting, 'room-deleted');
  }

  async endAll(): Promise<void> {
    await Promise.allSettled([...this.byRoom.values()].map((l) => l.meeting.end()));
    this.byRoom.clear();
  }

  private async rebuildAll(): Promise<void> {
    for (const { meeting } of this.byRoom.values()) {
      await meeting.rebuildMedia().catch((err: Error) => this.log.error({ err: err.message }, 'could not rebuild meeting media'));
    }
  }
}
