import type { RawData } from 'ws';
import { ClientMessage, MAX_MESSAGE_BYTES, errorMessages, type ErrorCode, type ParsedClientMessage, type ServerMessage } from '@moot/protocol';
import type { Logger } from '../log.ts';
import { can, type Action, type Principal } from '../policy/policy.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import type { MemberLink } from '../meetings/member.ts';
import type { Admission } from '../meetings/admission.ts';
import type { Moderation } from '../meetings/moderation.ts';
import type { Recorder } from '../recordings/recorder.ts';
import { JanusError } from '../media/janus-client.ts';
import { MediaUnavailableError } from '../media/driver.ts';
import { zodDetails } from '../validation.ts';
import { versionRefusal } from './version.ts';
import { TokenBucket } from './rate.ts';
import type { Knock } from '../meetings/admission.ts';
import type { LiveSessions, SessionHolder } from './live-sessions.ts';
import { signalingErrors } from '../metrics/instruments.ts';
import type { Slides } from '../slides/live.ts';
import type { Polls } from '../polls/polls.ts';
import type { Breakouts } from '../breakouts/breakouts.ts';
import type { Collab } from '../collab/collab.ts';
import type { Livestreams } from '../livestream/livestreams.ts';
import type { Listen } from '../listen/listen.ts';
import { decideByKind, decideByPlace } from '../policy/meeting.ts';
import { handleStage, showStage } from '../stage/stages.ts';
import type { BrowserEnd, Relay } from '../cluster/relay.ts';

/**
 * Per-connection limits. Signaling is bursty (a publish brings a dozen candidates), so the
 * bucket is generous; what it stops is a client flooding the server or a meeting.
 */
const MESSAGES_PER_SECOND = 50;
const MESSAGE_BURST = 200;
/** Chat reaches everyone in the meeting: a person types, a script floods. */
const CHATS_PER_SECOND = 1;
const CHAT_BURST = 5;
/** Poll answers reach every moderator; breakout moves renegotiate media. People click, scripts flood. */
const POLL_PER_SECOND = 2;
const POLL_BURST = 5;
const BREAKOUT_PER_SECOND = 2;
const BREAKOUT_BURST = 20;
/** Starting a livestream starts an encoder and connects to every destination: a few presses, not a stream of them. */
const LIVESTREAM_PER_MINUTE = 6;
const LIVESTREAM_BURST = 3;
/** A listener's page asks for a stream address when it (re)starts playing: a person does that now and then. */
const LISTEN_PER_SECOND = 0.5;
const LISTEN_BURST = 5;
/** Stage moves renegotiate nothing but reach everyone in the meeting: a moderator clicks, a script floods. */
const STAGE_PER_SECOND = 2;
const STAGE_BURST = 10;
/** The audience's page asks for the program when it starts and after a failed connection: a person's pace, not a script's. */
const PROGRAM_PER_SECOND = 0.5;
const PROGRAM_BURST = 5;
/** Open signaling connections one address may hold (a household, a school, a Tor exit share one). */
export const MAX_CONNECTIONS_PER_ADDRESS = 100;

/** What a signaling connection works with. */
export interface SignalingDeps {
  meetings: Meetings;
  admission: Admission;
  moderation: Moderation;
  /** Absent in a server without recordings. */
  recorder: Recorder | undefined;
  sessions: LiveSessions;
  slides: Slides;
  polls: Polls;
  breakouts: Breakouts;
  collab: Collab;
  livestreams: Livestreams;
  listen: Listen;
  /** With several server processes: where each meeting runs. */
  router?: SignalingRouter;
}

/** What a signaling connection needs of its socket: a browser's WebSocket, or one relayed from another process. */
export interface SignalingSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  on(event: 'pong' | 'close', listener: () => void): unknown;
}

/** Sends an entry to the process that runs its meeting. */
export interface SignalingRouter {
  /** Undefined: the meeting runs here (or starts here now); otherwise the relay to its process. */
  route(entry: { type: 'join'; room: string } | { type: 'resume'; token: string }, knock: Knock, sessionToken: string | undefined, browser: BrowserEnd): Promise<Relay | undefined>;
  /** Someone entered a meeting here: their resume token finds it from any process. */
  entered(roomId: string, resumeToken: string): void;
}

const PING_INTERVAL_MS = 10_000;

class SignalingError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: string[],
  ) {
    super(code);
  }
}

/**
 * One browser's signaling connection: the browser's kind of meeting member. Messages are handled strictly in arrival order, so a
 * candidate never overtakes the offer it belongs to.
 */
export class Connection {
  private queue: Promise<void> = Promise.resolve();
  private meeting: Meeting | undefined;
  private participant: Participant | undefined;
  private alive = true;
  private pinger: NodeJS.Timeout;
  private messages = new TokenBucket(MESSAGES_PER_SECOND, MESSAGE_BURST);
  private chats = new TokenBucket(CHATS_PER_SECOND, CHAT_BURST);
  private pollActions = new TokenBucket(POLL_PER_SECOND, POLL_BURST);
  private breakoutActions = new TokenBucket(BREAKOUT_PER_SECOND, BREAKOUT_BURST);
  private livestreamActions = new TokenBucket(LIVESTREAM_PER_MINUTE / 60, LIVESTREAM_BURST);
  private listenRequests = new TokenBucket(LISTEN_PER_SECOND, LISTEN_BURST);
  private programRequests = new TokenBucket(PROGRAM_PER_SECOND, PROGRAM_BURST);
  private stageActions = new TokenBucket(STAGE_PER_SECOND, STAGE_BURST);
  /** When the last "too fast" error was sent: a flood gets one a second, not one per message. */
  private lastSlowDown = 0;

  /** Present while a signed-in account speaks through this connection. */
  private session: SessionHolder | undefined;
  /** Present once the meeting this connection entered runs in another process: everything goes there. */
  private relay: Relay | undefined;
  /** The message being handled, as the browser sent it: what a relay passes on. */
  private text = '';

  constructor(
    private socket: SignalingSocket,
    /** Who this connection speaks for, its browser's guest key and its address. */
    private knock: Knock,
    private deps: SignalingDeps,
    private log: Logger,
    private sessionToken: string | undefined,
  ) {
    const { principal } = knock;
    if (principal.kind === 'user' && sessionToken) {
      this.session = { userId: principal.id, sessionToken, revoked: () => void this.signedOut(), refreshed: (user) => this.refreshed(user.role) };
      deps.sessions.add(this.session);
    }
    socket.on('message', (data, isBinary) => {
      // Checked on arrival, before queueing: a flood must not pile up work.
      if (!this.messages.take()) return this.slowDown();
      const text = isBinary ? null : data.toString();
      // A failure outside the handlers must not reject the queue: every later message would be
      // dropped, and the rejection would end the process.
      this.queue = this.queue
        .then(() => this.receive(text, Buffer.byteLength(data as Buffer)))
        .catch((err: unknown) => {
          this.log.error({ err }, 'signaling message failed');
          this.sendError('internal');
        });
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.onClose());
    // A browser that vanished without closing stops answering pings: treat it as disconnected.
    this.pinger = setInterval(() => {
      if (!this.alive) return socket.terminate();
      this.alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
  }

  private send = (message: ServerMessage): void => {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  };

  private link: MemberLink = { send: this.send };

  /** Let in (at once or from the lobby): from now on this connection speaks for that participant. */
  private entered = (meeting: Meeting, participant: Participant): void => {
    this.meeting = meeting;
    this.participant = participant;
    this.deps.slides.entered(meeting, participant);
    this.deps.polls.show(meeting, participant);
    this.deps.breakouts.joined(meeting, participant);
    this.deps.livestreams.entered(meeting, participant);
    this.deps.listen.entered(meeting, participant);
    showStage(meeting, participant);
    this.deps.router?.entered(meeting.options.roomId, participant.resumeToken);
  };

  private slowDown(): void {
    const now = Date.now();
    if (now - this.lastSlowDown < 1000) return;
    this.lastSlowDown = now;
    this.sendError('too-many-messages');
  }

  private get principal(): Principal {
    return this.knock.principal;
  }

  private refreshed(role: Extract<Principal, { kind: 'user' }>['role']): void {
    if (this.knock.principal.kind === 'user') this.knock = { ...this.knock, principal: { ...this.knock.principal, role } };
  }

  /** The account's session ended: out of the meeting or the lobby at once, told why, socket closed. */
  private async signedOut(): Promise<void> {
    if (this.session) this.deps.sessions.delete(this.session);
    this.session = undefined;
    this.knock = { ...this.knock, principal: { kind: 'anonymous' } };
    const waiting = this.deps.meetings.isWaiting(this.link);
    this.deps.meetings.leftLobby(this.link);
    const { meeting, participant } = this;
    this.participant = undefined;
    const inMeeting = meeting && participant && meeting.roster.get(participant.id);
    if (inMeeting || waiting) this.send({ type: 'meetingEnded', reason: 'signed-out' });
    else this.sendError('unauthenticated');
    if (inMeeting) await this.deps.meetings.leave(meeting, participant);
    this.socket.close(4001, 'signed out');
  }

  /** Checks the session again before a decision that depends on it (a join). */
  private async stillSignedIn(): Promise<void> {
    if (!this.session) return;
    const user = await this.deps.sessions.current(this.session);
    if (user) return this.refreshed(user.role);
    await this.signedOut();
    throw new SignalingError('unauthenticated');
  }

  private sendError(code: ErrorCode, ref?: string, details?: string[]): void {
    signalingErrors.inc({ code });
    this.send({ type: 'error', code, message: errorMessages[code], ...(details ? { details } : {}), ...(ref ? { ref } : {}) });
  }

  private async receive(text: string | null, bytes: number): Promise<void> {
    if (this.relay && text !== null) return this.relay.forward(text);
    if (bytes > MAX_MESSAGE_BYTES) return this.sendError('message-too-large');
    let raw: unknown;
    try {
      if (text === null) throw new Error('binary');
      raw = JSON.parse(text);
    } catch {
      return this.sendError('invalid-message', undefined, ['not a JSON text message']);
    }
    const ref = typeof (raw as { type?: unknown })?.type === 'string' ? String((raw as { type: string }).type).slice(0, 32) : undefined;
    const refusal = versionRefusal(raw);
    if (refusal) return this.send(refusal);
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) return this.sendError('invalid-message', ref, zodDetails(parsed.error));
    this.text = text ?? '';
    try {
      await this.handle(parsed.data);
    } catch (err) {
      if (err instanceof SignalingError) return this.sendError(err.code, ref, err.details);
      if (err instanceof MediaUnavailableError) return this.sendError('media-unavailable', ref);
      if (err instanceof JanusError) {
        this.log.warn({ err: err.message, type: ref }, 'janus refused a request');
        return this.sendError('media-error', ref);
      }
      this.log.error({ err }, 'signaling handler failed');
      this.sendError('internal', ref);
    }
  }

  private inMeeting(): { meeting: Meeting; participant: Participant } {
    if (!this.meeting || !this.participant || this.meeting.ended) throw new SignalingError('not-in-meeting');
    return { meeting: this.meeting, participant: this.participant };
  }

  private allow(action: Extract<Action, `meeting.${string}`>, participant: Participant): void {
    if (!can(this.principal, action, { meetingRole: participant.role })) throw new SignalingError('forbidden');
  }

  private fail(code: ErrorCode | undefined): void {
    if (code) throw new SignalingError(code);
  }

  private async handle(msg: ParsedClientMessage): Promise<void> {
    const byKind = this.participant && decideByKind(this.participant.kind, msg.type);
    if (byKind && !byKind.ok) throw new SignalingError(byKind.code);
    const byPlace = this.participant && decideByPlace(this.participant.audience, msg.type);
    if (byPlace && !byPlace.ok) throw new SignalingError(byPlace.code);
    switch (msg.type) {
      case 'join':
      case 'resume': {
        if (this.participant && this.meeting && !this.meeting.ended && this.meeting.roster.get(this.participant.id)) {
          throw new SignalingError('already-in-meeting');
        }
        // One place at one door per connection: a second entry could outlive the socket.
        if (this.deps.meetings.isWaiting(this.link)) throw new SignalingError('already-waiting');
        await this.stillSignedIn();
        const relay = await this.deps.router?.route(msg, this.knock, this.sessionToken, this.browserEnd);
        if (relay) return this.handOver(relay);
        const entered =
          msg.type === 'join'
            ? await this.deps.admission.join(this.knock, msg, { link: this.link, admitted: this.entered })
            : this.deps.meetings.resume(this.link, msg.token);
        if (entered.ok === false) throw new SignalingError(entered.code, entered.details);
        if (entered.ok === true) this.entered(entered.meeting, entered.participant);
        return;
      }
      case 'publish': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.publish', participant);
        // The microphone's connection also brings the mix, which the audience hears; a picture from off stage does not go out.
        if (msg.source !== 'audio') this.fail(meeting.stage?.refuses(participant, msg.source === 'screen' ? 'screen' : 'video'));
        const media = meeting.mediaOf(participant);
        const sdp = msg.source === 'audio' ? await media.publishAudio(participant, msg.sdp) : await media.publishVideo(participant, msg.source, msg.sdp);
        this.send({ type: 'answer', source: msg.source, sdp });
        return;
      }
      case 'unpublish': {
        const { meeting, participant } = this.inMeeting();
        if (msg.source === 'audio') throw new SignalingError('bad-request', ['the microphone is muted, not unpublished']);
        await meeting.mediaOf(participant).unpublish(participant, msg.source);
        return;
      }
      case 'answer': {
        const { meeting, participant } = this.inMeeting();
        if (!meeting.mediaOf(participant).answer(participant, msg.sdp)) throw new SignalingError('bad-request', ['no offer is waiting for an answer']);
        return;
      }
      case 'trickle': {
        const { meeting, participant } = this.inMeeting();
        const c = msg.candidate;
        await meeting.mediaOf(participant).trickle(participant, msg.target, c && { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
        return;
      }
      case 'restartIce': {
        const { meeting, participant } = this.inMeeting();
        meeting.mediaOf(participant).restartIce(participant);
        return;
      }
      case 'mute': {
        const { meeting, participant } = this.inMeeting();
        this.fail(await meeting.setMuted(participant, msg.kind, msg.muted));
        return;
      }
      case 'chat': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.chat', participant);
        if (!this.chats.take()) throw new SignalingError('chat-too-fast');
        meeting.postChat(participant, msg.text);
        return;
      }
      case 'leave': {
        const { meeting, participant } = this.inMeeting();
        this.participant = undefined;
        await this.deps.meetings.leave(meeting, participant);
        return;
      }
      case 'endMeeting': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.end', participant);
        await this.deps.meetings.end(meeting, 'ended-by-moderator', participant.name);
        return;
      }
      case 'record': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.record', participant);
        if (!this.deps.recorder) throw new SignalingError('recording-disabled');
        const refusal = await this.deps.recorder.set(meeting, participant, msg.active);
        if (refusal) throw new SignalingError(refusal.code, refusal.details);
        return;
      }
      case 'livestream': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.livestream', participant);
        if (!this.livestreamActions.take()) throw new SignalingError('livestream-too-fast');
        const refusal = await this.deps.livestreams.set(meeting, participant, msg.active);
        if (refusal) throw new SignalingError(refusal.code, refusal.details);
        return;
      }
      case 'view': {
        const { meeting, participant } = this.inMeeting();
        meeting.mediaOf(participant).setView(participant, { tiles: msg.tiles, audioOnly: msg.audioOnly });
        return;
      }
      case 'quality': {
        const { meeting, participant } = this.inMeeting();
        meeting.setQuality(participant, msg.level);
        return;
      }
      case 'hand': {
        const { meeting, participant } = this.inMeeting();
        meeting.setHand(participant, msg.raised);
        return;
      }
      case 'moderate': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        this.fail(await this.deps.moderation.act(meeting, participant, msg.action, msg.target));
        // A new moderator sees the poll's answers so far; a former one no longer does.
        const target = meeting.roster.get(msg.target);
        if (target && (msg.action === 'promote' || msg.action === 'demote')) this.deps.polls.show(meeting, target);
        return;
      }
      case 'renameCaller': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        const caller = meeting.roster.get(msg.target);
        if (!caller || caller.kind !== 'rtp') throw new SignalingError('not-found-participant');
        meeting.rename(caller, msg.name);
        return;
      }
      case 'muteAll': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        await this.deps.moderation.muteAll(meeting, participant);
        return;
      }
      case 'lock': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        this.deps.moderation.setLocked(meeting, msg.locked, participant);
        return;
      }
      case 'pollCreate': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.poll', participant);
        if (!this.pollActions.take()) throw new SignalingError('poll-too-fast');
        await this.deps.polls.create(meeting, participant, msg);
        return;
      }
      case 'pollVote': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.vote', participant);
        if (!this.pollActions.take()) throw new SignalingError('poll-too-fast');
        this.fail(this.deps.polls.vote(meeting, participant, msg.pollId, msg.choices));
        return;
      }
      case 'pollClose': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.poll', participant);
        this.fail(await this.deps.polls.close(meeting, msg.pollId, msg.publish));
        return;
      }
      case 'breakoutStart': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.breakouts', participant);
        if (!this.breakoutActions.take()) throw new SignalingError('breakout-too-fast');
        this.fail(await this.deps.breakouts.start(meeting, msg));
        return;
      }
      case 'breakoutMove': {
        const { meeting, participant } = this.inMeeting();
        if (!this.breakoutActions.take()) throw new SignalingError('breakout-too-fast');
        this.fail(await this.deps.breakouts.move(meeting, this.principal, participant, msg.participantId, msg.room));
        return;
      }
      case 'breakoutMessage': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.breakouts', participant);
        if (!this.chats.take()) throw new SignalingError('chat-too-fast');
        this.fail(this.deps.breakouts.message(meeting, participant, msg.text));
        return;
      }
      case 'breakoutEnd': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.breakouts', participant);
        this.fail(await this.deps.breakouts.end(meeting));
        return;
      }
      case 'collabSync':
      case 'collabUpdate':
      case 'collabCursor': {
        const { meeting, participant } = this.inMeeting();
        const refusal = await this.deps.collab.receive(meeting, participant, this.principal, msg);
        if (refusal) throw new SignalingError(refusal.code, refusal.details);
        return;
      }
      case 'collabAccess': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        await this.deps.collab.setAccess(meeting, participant, msg.doc, msg.access);
        return;
      }
      case 'setPresenter':
      case 'slidesShow':
      case 'slidesPage': {
        const { meeting, participant } = this.inMeeting();
        if (msg.type === 'setPresenter') this.allow('meeting.assign-presenter', participant);
        const refusal = await this.deps.slides.handle(meeting, participant, this.principal, msg);
        if (refusal) throw new SignalingError(refusal.code, refusal.details);
        return;
      }
      case 'listen': {
        const { meeting, participant } = this.inMeeting();
        if (!this.listenRequests.take()) throw new SignalingError('listen-too-fast');
        this.send(this.deps.listen.address(meeting, participant));
        return;
      }
      case 'stageMode':
      case 'stageMove':
      case 'stageQueueAdd':
      case 'stageQueueMove':
      case 'stageQueueRemove':
      case 'stagePassMic': {
        const { meeting, participant } = this.inMeeting();
        if (!this.stageActions.take()) throw new SignalingError('stage-too-fast');
        this.fail(await handleStage(meeting, participant, msg));
        return;
      }
      case 'programWatch': {
        const { meeting, participant } = this.inMeeting();
        if (!this.programRequests.take()) throw new SignalingError('program-too-fast');
        const sdp = await meeting.audience.watch(participant);
        if (sdp === undefined) throw new SignalingError('not-in-audience');
        this.send({ type: 'programOffer', sdp });
        return;
      }
      case 'programAnswer': {
        const { meeting, participant } = this.inMeeting();
        if (!(await meeting.audience.answer(participant, msg.sdp))) throw new SignalingError('bad-request', ['no program offer is waiting for an answer']);
        return;
      }
      case 'programTrickle': {
        const { meeting, participant } = this.inMeeting();
        const c = msg.candidate;
        await meeting.audience.trickle(participant, c && { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
        return;
      }
      case 'admit':
      case 'deny': {
        const { meeting, participant } = this.inMeeting();
        this.allow('meeting.moderate', participant);
        this.fail(this.deps.meetings.answerLobby(meeting, msg.id, msg.type === 'admit'));
        return;
      }
    }
  }

  private browserEnd: BrowserEnd = {
    send: (text) => this.socket.readyState === this.socket.OPEN && this.socket.send(text),
    close: (code, reason) => this.socket.close(code, reason),
  };

  /** The owning process serves this browser from now on, its session checks included; this one passes messages along. */
  private handOver(relay: Relay): void {
    this.relay = relay;
    if (this.session) this.deps.sessions.delete(this.session);
    this.session = undefined;
    relay.forward(this.text);
  }

  private onClose(): void {
    clearInterval(this.pinger);
    this.relay?.close();
    if (this.session) this.deps.sessions.delete(this.session);
    this.deps.meetings.leftLobby(this.link);
    const { meeting, participant } = this;
    // A newer connection may already have resumed this participant: only the current one counts.
    if (meeting && participant && participant.link === this.link && meeting.roster.get(participant.id)) {
      this.deps.meetings.disconnected(meeting, participant);
    }
  }
}
