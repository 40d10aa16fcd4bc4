import { errorMessages, type ErrorCode, type IceServerView, type ServerMessage } from '@moot/protocol';
import type { Logger } from '../log.ts';
import { MediaUnavailableError, type MediaDriver, type MediaRooms } from '../media/driver.ts';
import { decideEntry, roleAfterDemotion } from '../policy/meeting.ts';
import type { RoomWithOwner } from '../rooms/rooms.ts';
import { Meeting } from './meeting.ts';
import { Participant } from './participant.ts';
import { Lobby } from './lobby.ts';
import type { Entrant, MemberLink } from './member.ts';
import { accountOf, joins } from '../metrics/instruments.ts';
import type { TurnRelay } from '../media/turn-credentials.ts';
import type { SharedSeats } from '../orgs/seats.ts';

/** Someone at the door; `admitted` tells their link's owner when a moderator lets them in. */
export interface Arrival extends Entrant {
  admitted?(meeting: Meeting, participant: Participant): void;
}

export type Entered =
  | { ok: true; meeting: Meeting; participant: Participant }
  | { ok: 'waiting' }
  | { ok: false; code: ErrorCode; details?: string[] };

/** A live meeting with what its door remembers. */
export interface LiveMeeting {
  meeting: Meeting;
  lobby: Lobby<Arrival>;
  /** People removed by a moderator (account ids, guest keys): they need admission to return. */
  removed: Set<string>;
  /** A guest was removed: from then on every arriving guest waits (see `decideEntry`). */
  guestRemoved: boolean;
  /** The room's standing moderators as last seen, to tell what changed. */
  standing: Set<string>;
  room: RoomWithOwner;
}

export interface MeetingsOptions {
  participantTimeoutSeconds: number;
  chatHistory: number;
  iceServers: IceServerView[];
  /** A TURN relay: each participant gets credentials of its own with every `joined`. */
  relay?: TurnRelay | undefined;
}

/** How long a resume token of an ended meeting still answers `meeting-ended`. */
const ENDED_MEMORY_MS = 10 * 60_000;

/**
 * All live meetings of this server, by room and by resume token: how members enter (at once
 * or through the lobby), come back after a dropped connection, and leave.
 */
export class Meetings {
  private byRoom = new Map<string, LiveMeeting>();
  private byToken = new Map<string, { meeting: Meeting; participant: Participant }>();
  private endedTokens = new Map<string, number>();
  private graceTimers = new Map<string, NodeJS.Timeout>();
  private endedListeners: ((roomId: string) => void)[] = [];
  /** Counts the organizations' people in every server process, when processes share Redis (cluster/org-seats.ts). */
  sharedSeats: SharedSeats | undefined;

  constructor(
    private driver: MediaDriver,
    private options: MeetingsOptions,
    private log: Logger,
  ) {
    driver.onRoomsLost((lost) => void this.rebuild(lost));
  }

  /** Called once for each meeting that stops being live, whether the last person left or it was ended. */
  onEnded(listener: (roomId: string) => void): void {
    this.endedListeners.push(listener);
  }

  /** The room's live meeting, if one runs. */
  meetingOf(roomId: string): Meeting | undefined {
    return this.byRoom.get(roomId)?.meeting;
  }

  /** Every meeting running now. */
  running(): Meeting[] {
    return this.runningLive().map((live) => live.meeting);
  }

  /** Every meeting running now, with its room. */
  runningLive(): LiveMeeting[] {
    return [...this.byRoom.values()].filter((live) => !live.meeting.ended);
  }

  live(roomId: string): number {
    return this.byRoom.get(roomId)?.meeting.size ?? 0;
  }

  liveOf(meeting: Meeting): LiveMeeting | undefined {
    const live = this.byRoom.get(meeting.options.roomId);
    return live?.meeting === meeting ? live : undefined;
  }

  /**
   * The one way into a meeting, for every kind of member, once the room's access rules said
   * yes: starts the meeting if needed, then lets the member in or seats them in the lobby.
   */
  async admit(room: RoomWithOwner, arrival: Arrival, standingModerators: string[] = []): Promise<Entered> {
    let live = this.byRoom.get(room.id);
    if (!live || live.meeting.ended) {
      const meeting = new Meeting(
        { roomId: room.id, roomName: room.name, maxParticipants: room.max_participants, chatHistory: this.options.chatHistory },
        this.driver,
        this.log.child({ room: room.id }),
      );
      live = { meeting, lobby: new Lobby(), removed: new Set(), guestRemoved: false, standing: new Set(standingModerators), room };
      this.byRoom.set(room.id, live);
    }
    live.room = room;
    const { meeting } = live;
    if (meeting.size >= room.max_participants) return { ok: false, code: 'room-full' };
    try {
      await meeting.ensureMedia();
    } catch (err) {
      if (meeting.size === 0 && this.byRoom.get(room.id) === live) this.byRoom.delete(room.id);
      if (err instanceof MediaUnavailableError) return { ok: false, code: 'media-unavailable' };
      this.log.error({ err: (err as Error).message }, 'could not create the media rooms');
      return { ok: false, code: 'media-error' };
    }
    const entry = decideEntry({
      role: arrival.role,
      lobby: room.lobby,
      locked: meeting.locked,
      removedBefore: live.removed.has(arrival.userId ?? arrival.guestKey),
      guestRemovedBefore: live.guestRemoved,
      needsAdmission: arrival.needsAdmission === true,
    });
    if (entry === 'wait') {
      live.lobby.add(arrival);
      arrival.link.send({ type: 'waiting', roomName: room.name });
      this.sendLobby(live);
      return { ok: 'waiting' };
    }
    return this.enter(live, arrival);
  }

  private enter(live: LiveMeeting, arrival: Arrival): Entered & { ok: true } {
    const { meeting, room } = live;
    // In a large meeting people arrive muted, so a late joiner's room noise interrupts nobody.
    const participant = new Participant({ ...arrival, audioMuted: arrival.audioMuted || meeting.size >= room.join_muted_above });
    // A big event's people watch the program; whoever moderates takes a seat to run it.
    if (room.join_as_audience === 1 && participant.kind === 'browser' && participant.role !== 'moderator') {
      participant.audience = true;
      participant.audioMuted = true;
      participant.videoMuted = true;
    }
    // A stage event's holds (and its audience's program) apply before `joined`, so the page enters in its place.
    meeting.arriving(participant);
    this.byToken.set(participant.resumeToken, { meeting, participant });
    participant.send(this.joinedMessage(meeting, participant, false));
    meeting.add(participant);
    joins.inc({ kind: participant.kind, account: accountOf(participant) });
    if (participant.role === 'moderator') this.sendLobby(live);
    return { ok: true, meeting, participant };
  }

  /** A moderator's answer to someone in the lobby. */
  answerLobby(meeting: Meeting, entryId: string, admitted: boolean): ErrorCode | undefined {
    const live = this.liveOf(meeting);
    const arrival = live?.lobby.take(entryId);
    if (!live || !arrival) return 'not-found-participant';
    this.sendLobby(live);
    const refusal: ErrorCode | undefined = !admitted ? 'lobby-denied' : meeting.size >= live.room.max_participants ? 'room-full' : undefined;
    if (refusal) {
      arrival.link.send({ type: 'error', code: refusal, message: errorMessages[refusal], ref: 'join' });
      return undefined;
    }
    const entered = this.enter(live, arrival);
    arrival.admitted?.(entered.meeting, entered.participant);
    return undefined;
  }

  /** Rooms with a live meeting, for jobs that keep them in line with the database. */
  liveRooms(): string[] {
    return [...this.byRoom.keys()];
  }

  /**
   * The room's standing moderators changed: those added moderate from now on, those removed
   * stop (unless a moderator promoted them in this meeting), and each is told by the roster.
   */
  standingModeratorsChanged(roomId: string, ids: string[]): void {
    const live = this.byRoom.get(roomId);
    if (!live) return;
    const now = new Set(ids);
    const added = ids.filter((id) => !live.standing.has(id));
    const removed = [...live.standing].filter((id) => !now.has(id));
    live.standing = now;
    if (added.length === 0 && removed.length === 0) return;
    for (const p of live.meeting.roster.all()) {
      if (!p.userId || p.userId === live.room.owner_id) continue;
      if (added.includes(p.userId) && p.role !== 'moderator') {
        p.standingModerator = true;
        live.meeting.setRole(p, 'moderator');
      } else if (removed.includes(p.userId) && p.standingModerator) {
        p.standingModerator = false;
        live.meeting.setRole(p, roleAfterDemotion(true));
      }
    }
    this.sendLobby(live);
  }

  /** Whether this link waits at some meeting's door. */
  isWaiting(link: MemberLink): boolean {
    for (const live of this.byRoom.values()) if (live.lobby.has(link)) return true;
    return false;
  }

  /** A waiting person's connection closed. */
  leftLobby(link: MemberLink): void {
    for (const live of this.byRoom.values()) if (live.lobby.dropLink(link)) this.sendLobby(live);
  }

  sendLobby(live: LiveMeeting): void {
    const message: ServerMessage = { type: 'lobby', waiting: live.lobby.views() };
    for (const m of live.meeting.roster.moderators()) m.send(message);
  }

  /** A member's new connection takes over their place. */
  resume(link: MemberLink, token: string): Entered {
    const found = this.byToken.get(token);
    if (!found) {
      const ended = this.endedTokens.get(token);
      return { ok: false, code: ended && ended > Date.now() ? 'meeting-ended' : 'resume-failed' };
    }
    const { meeting, participant } = found;
    clearTimeout(this.graceTimers.get(participant.id));
    this.graceTimers.delete(participant.id);
    participant.link = link;
    participant.send(this.joinedMessage(meeting, participant, true));
    meeting.reconnected(participant);
    return { ok: true, meeting, participant };
  }

  private joinedMessage(meeting: Meeting, participant: Participant, resumed: boolean): ServerMessage {
    return {
      type: 'joined',
      resumed,
      self: participant.toView(),
      participants: meeting.roster.views(participant),
      chat: meeting.roster.chat,
      resumeToken: participant.resumeToken,
      meeting: { roomId: meeting.options.roomId, roomName: meeting.options.roomName, startedAt: meeting.startedAt, locked: meeting.locked },
      iceServers: this.handOutIceServers(participant),
      recording: meeting.recording,
      ...(meeting.recordingBy ? { recordingBy: meeting.recordingBy } : {}),
    };
  }

  /**
   * The configured servers and, with a relay, credentials of the participant's own: the
   * participant gets fresh ones in an `iceServers` message before these expire, while they stay.
   */
  private handOutIceServers(participant: Participant): IceServerView[] {
    const { relay, iceServers } = this.options;
    if (!relay) return iceServers;
    relay.renewBeforeExpiry(participant.id, () => {
      if (this.byToken.get(participant.resumeToken)?.participant === participant) participant.send({ type: 'iceServers', iceServers: this.handOutIceServers(participant) });
    });
    return [...iceServers, relay.serverFor(participant.id)];
  }

  /** The connection dropped: keep the place for a while, then let the person go. */
  disconnected(meeting: Meeting, participant: Participant): void {
    meeting.disconnected(participant);
    clearTimeout(this.graceTimers.get(participant.id));
    const timer = setTimeout(() => void this.leave(meeting, participant), this.options.participantTimeoutSeconds * 1000);
    this.graceTimers.set(participant.id, timer);
  }

  /** Takes a member out; they could come back only through the door. */
  async leave(meeting: Meeting, participant: Participant): Promise<void> {
    this.byToken.delete(participant.resumeToken);
    clearTimeout(this.graceTimers.get(participant.id));
    this.graceTimers.delete(participant.id);
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
    for (const a of live.lobby.all()) a.link.send({ type: 'error', code: 'meeting-ended', message: errorMessages['meeting-ended'], ref: 'join' });
    this.byRoom.delete(meeting.options.roomId);
    for (const listener of this.endedListeners) listener(meeting.options.roomId);
  }

  async end(meeting: Meeting, reason: 'ended-by-moderator' | 'room-deleted' | 'organization-suspended', by?: string): Promise<void> {
    const expires = Date.now() + ENDED_MEMORY_MS;
    for (const p of meeting.roster.all()) {
      this.byToken.delete(p.resumeToken);
      this.endedTokens.set(p.resumeToken, expires);
      clearTimeout(this.graceTimers.get(p.id));
      this.graceTimers.delete(p.id);
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
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    await Promise.allSettled([...this.byRoom.values()].map((l) => l.meeting.end()));
    this.byRoom.clear();
  }

  private async rebuild(lost: (rooms: MediaRooms) => boolean): Promise<void> {
    for (const { meeting } of this.byRoom.values()) {
      if (!(await meeting.mediaLost(lost))) continue;
      await meeting.rebuildMedia().catch((err: Error) => this.log.error({ err: err.message }, 'could not rebuild meeting media'));
    }
  }
}
