import type { ErrorCode, ServerMessage } from '@moot/protocol';
import type { Logger } from 'pino';
import { audit } from '../audit/audit.ts';
import type { CodeAttempts } from '../meetings/code-attempts.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { MemberLink } from '../meetings/member.ts';
import type { Participant } from '../meetings/participant.ts';
import { DIAL_IN_PIN_DIGITS, findRoomIdByDialInPin } from '../rooms/dial-in-pin.ts';
import { moderatorIds } from '../rooms/moderators.ts';
import { findRoom, type RoomWithOwner } from '../rooms/rooms.ts';
import { getSettings } from '../settings/settings.ts';
import type { Db } from '../store/db.ts';
import type { CallMedia } from './call-media.ts';
import type { PromptName } from './prompts.ts';
import type { SipCall } from './sip-endpoint.ts';
import { joinRefusal } from '../orgs/quotas.ts';

/** What a call needs of its audio: keys in, prompts out, a seat in the mix. */
export type CallAudio = Pick<CallMedia, 'onKey' | 'onTalking' | 'say' | 'hush' | 'connectMixer' | 'mixerEndpoint' | 'close'>;
/** What a call needs of its line: who calls, and hanging up either way. */
export type CallLine = Pick<SipCall, 'caller' | 'onEnded' | 'hangUp'>;

export interface PhoneCallDeps {
  db: Db;
  meetings: Meetings;
  log: Logger;
}

/** What the PIN dialogue needs beyond the meeting. */
export interface PinDialogue {
  /** Wrong PINs by caller (number and address) and by address, across calls. */
  pins: CodeAttempts;
  /**
   * Gives the call to the server process that runs the room's meeting when that is another one,
   * and says whether it did; false when the meeting runs here or may start here. `lost` is called
   * if that process is gone while the call lasts.
   */
  handOver(roomId: string, call: CallLine, media: CallAudio, lost: () => void): Promise<boolean>;
}

/**
 * How many times a caller follows their meeting after the process running it was lost (it starts
 * again where its people come back) before hearing that it is unavailable.
 */
export const MOVES = 3;
/** Wrong PINs in one call before it ends. */
export const PIN_TRIES = 3;
/** How long moot waits for a key before asking again, and how often it asks. */
const KEY_WAIT_MS = 10_000;
const ASKS = 3;
/** A star and the key after it make a command only this close together. */
const COMMAND_MS = 3000;
/** How long a caller may wait in the lobby, and how often they hear that they wait. */
const LOBBY_WAIT_MS = 10 * 60_000;
const WAITING_REMINDER_MS = 30_000;

/** "Phone …1234": enough to tell callers apart, not the whole number. */
export function callerName(number: string | undefined): string {
  return number ? `Phone …${number.slice(-4)}` : 'Phone caller';
}

/**
 * One phone caller from answer to hang-up: asks for the room's PIN, enters the meeting through
 * the same door as everyone (`Meetings.admit`, as a guest; the lobby when the room says so or
 * is closed to guests), takes a plain-RTP seat in the mix, and turns key presses (*6 mute,
 * *9 hand) and meeting events (muted, recording, removed) into actions and spoken prompts.
 */
export class PhoneCall implements MemberLink {
  private keys: string[] = [];
  private keyWaiters: (() => void)[] = [];
  private starAt = 0;
  private inMeeting: { meeting: Meeting; participant: Participant } | undefined;
  private waiting = false;
  private recordingAtEntry = false;
  private over = false;
  private readonly name: string;

  constructor(
    private readonly deps: PhoneCallDeps,
    private readonly call: CallLine,
    private readonly media: CallAudio,
  ) {
    this.name = callerName(call.caller.number);
    call.onEnded(() => void this.finish());
    this.listen();
  }

  /** Keys and talking come here: from the start, and again when a hand-over that had them ends. */
  private listen(): void {
    this.media.onKey((key) => this.keyPressed(key));
    this.media.onTalking((talking) => this.inMeeting?.meeting.mediaOf(this.inMeeting.participant).memberTalking(this.inMeeting.participant, talking));
  }

  private get clientKey(): string {
    return `${this.call.caller.number ?? '?'}@${this.call.caller.address}`;
  }

  /** The call as it comes in: the PIN names the room, then the caller enters its meeting here or where it runs. */
  run(dialogue: PinDialogue): Promise<void> {
    return this.guarded(async () => {
      const room = await this.askPin(dialogue.pins);
      if (!room || this.over) return;
      await this.enterWhereItRuns(room, dialogue, MOVES);
    });
  }

  /**
   * Enters the room's meeting here, or hands the call to the process that runs it. When that
   * process is lost, the meeting starts again where its people come back (as their pages do by
   * themselves), and the caller follows it there, `moves` times at most.
   */
  private async enterWhereItRuns(room: RoomWithOwner, dialogue: PinDialogue, moves: number): Promise<void> {
    const lost = () =>
      void this.guarded(async () => {
        if (this.over) return;
        const again = moves > 0 ? await findRoom(this.deps.db, room.id) : undefined;
        if (!again) return this.goodbye('unavailable');
        this.deps.log.info({ roomId: room.id }, 'a caller follows their meeting to where it runs now');
        this.listen();
        await this.enterWhereItRuns(again, dialogue, moves - 1);
      });
    // A suspended owner's room takes no calls, wherever its meeting runs: `enter` says so.
    if (room.owner_status !== 'suspended' && (await dialogue.handOver(room.id, this.call, this.media, lost))) return;
    await this.enter(room);
  }

  /**
   * A call another server process holds, whose PIN named a room whose meeting runs here: it
   * enters at once. `find` gives the room, undefined when it is gone or its meeting no longer
   * runs here; a failure to find it ends the call as any failure does.
   */
  runInRoom(find: () => Promise<RoomWithOwner | undefined>): Promise<void> {
    return this.guarded(async () => {
      const room = await find();
      return room ? this.enter(room) : this.goodbye('unavailable');
    });
  }

  private async guarded(steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'a phone call failed');
      await this.goodbye('unavailable');
    }
  }

  send(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.recordingAtEntry = message.recording;
        return;
      case 'error':
        if (message.ref === 'join') void this.refused(message.code);
        return;
      case 'mutedBy':
        if (message.kind === 'audio') void this.media.say('muted-by-moderator');
        return;
      case 'recording':
        if (message.active) void this.media.say('recording');
        return;
      case 'breakoutMoved':
        void this.reseat(message.room === null ? 'breakout-back' : 'breakout-joined');
        return;
      case 'mediaReset':
        // The media server lost the caller's seat (and any breakout room): a new one in the main mix.
        void this.reseat();
        return;
      case 'meetingEnded':
        // The meeting has already let this member go.
        this.inMeeting = undefined;
        void this.goodbye(message.reason === 'removed' ? 'removed' : 'meeting-ended');
        return;
      default:
    }
  }

  private async askPin(pins: CodeAttempts): Promise<RoomWithOwner | undefined> {
    const address = this.call.caller.address;
    for (let attempt = 1; attempt <= PIN_TRIES; attempt++) {
      // Cleared before the check, not after: keys typed while it is answered belong to this attempt.
      this.keys = [];
      if (!(await pins.check(this.clientKey, address)).ok) {
        await this.goodbye('too-many-attempts');
        return undefined;
      }
      const pin = await this.readPin(attempt === 1 ? 'welcome' : 'wrong-pin');
      if (pin === undefined) {
        await this.goodbye('goodbye');
        return undefined;
      }
      const roomId = await findRoomIdByDialInPin(this.deps.db, pin);
      const room = roomId && (await findRoom(this.deps.db, roomId));
      if (room) {
        await pins.succeeded(this.clientKey);
        return room;
      }
      const { clientBlocked, roomBlocked } = await pins.failed(this.clientKey, address);
      if (clientBlocked || roomBlocked) {
        await this.audit('phone.pin-guessing', { everyoneFromAddress: roomBlocked });
        await this.goodbye('too-many-attempts');
        return undefined;
      }
    }
    await this.audit('phone.wrong-pins', { tries: PIN_TRIES });
    await this.goodbye('goodbye');
    return undefined;
  }

  /** Digits up to the pound key (or a whole PIN); a star starts over. Undefined when nobody types. */
  private async readPin(prompt: PromptName): Promise<string | undefined> {
    for (let ask = 0; ask < ASKS && !this.over; ask++) {
      if (ask > 0) this.keys = [];
      await Promise.race([this.media.say(ask === 0 ? prompt : 'welcome'), this.nextKeyArrives()]);
      let digits = '';
      for (;;) {
        if (this.keys.length === 0) await this.nextKeyArrives(KEY_WAIT_MS);
        const key = this.keys.shift();
        if (this.over) return undefined;
        if (key === undefined) break;
        if (key === '*') digits = '';
        else if (key === '#') return digits;
        else if (/\d/.test(key)) digits += key;
        if (digits.length === DIAL_IN_PIN_DIGITS) return digits;
      }
      if (digits) return digits;
    }
    return undefined;
  }

  private async enter(room: RoomWithOwner): Promise<void> {
    if (room.owner_status === 'suspended') return this.goodbye('unavailable');
    const { db, meetings } = this.deps;
    // A caller counts against the organization's participants quota, and a suspended one takes no calls.
    const refusal = await joinRefusal(db, meetings, room.organization_id);
    if (refusal) return this.refused(refusal);
    const [settings, standing] = await Promise.all([getSettings(db), moderatorIds(db, room.id)]);
    const entered = await meetings.admit(
      room,
      {
        name: this.name,
        role: 'guest',
        userId: undefined,
        guestKey: `phone:${this.clientKey}`,
        kind: 'rtp',
        // The PIN works like the room's link: where guests may not enter on their own, a moderator decides.
        needsAdmission: !settings.guests || room.guests === 'off',
        audioMuted: false,
        videoMuted: true,
        link: this,
        admitted: (meeting, participant) => void this.seated(meeting, participant),
      },
      standing,
    );
    if (entered.ok === true) return this.seated(entered.meeting, entered.participant);
    if (entered.ok === 'waiting') return this.waitInLobby();
    return this.refused(entered.code);
  }

  private async waitInLobby(): Promise<void> {
    this.waiting = true;
    const since = Date.now();
    while (this.waiting && !this.over) {
      if (Date.now() - since > LOBBY_WAIT_MS) {
        this.deps.meetings.leftLobby(this);
        this.waiting = false;
        return this.goodbye('denied');
      }
      await this.media.say('waiting');
      await this.pause(WAITING_REMINDER_MS);
    }
  }

  private async seated(meeting: Meeting, participant: Participant): Promise<void> {
    this.waiting = false;
    this.wake();
    if (this.over) {
      await this.deps.meetings.leave(meeting, participant);
      return;
    }
    this.inMeeting = { meeting, participant };
    try {
      this.media.connectMixer(await meeting.media.seatRtp(participant, this.media.mixerEndpoint));
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'no seat in the mix for a phone caller');
      return this.goodbye('unavailable');
    }
    this.media.hush();
    await this.media.say('joined');
    if (this.recordingAtEntry) await this.media.say('recording');
  }

  /**
   * The caller's seat is gone (moved between the main room and a breakout room, or lost with the
   * media server): the same sockets take a seat in the mix that holds the caller now.
   */
  private async reseat(prompt?: PromptName): Promise<void> {
    if (!this.inMeeting) return;
    const { meeting, participant } = this.inMeeting;
    const plan = meeting.mediaOf(participant);
    try {
      this.media.connectMixer(await plan.seatRtp(participant, this.media.mixerEndpoint));
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'no seat in a breakout room’s mix for a phone caller');
      return this.goodbye('unavailable');
    }
    // Moved on again while the seat was being taken: that move's own seat follows.
    if (meeting.mediaOf(participant) !== plan || this.inMeeting?.participant !== participant) return plan.release(participant);
    if (!prompt) return;
    this.media.hush();
    await this.media.say(prompt);
  }

  private refused(code: ErrorCode): Promise<void> {
    this.waiting = false;
    return this.goodbye(code === 'lobby-denied' ? 'denied' : 'unavailable');
  }

  private keyPressed(key: string): void {
    this.media.hush();
    if (!this.inMeeting) {
      this.keys.push(key);
      this.wake();
      return;
    }
    if (key === '*') {
      this.starAt = Date.now();
      return;
    }
    const command = Date.now() - this.starAt < COMMAND_MS;
    this.starAt = 0;
    if (!command) return;
    const { meeting, participant } = this.inMeeting;
    if (key === '6') {
      const muted = !participant.audioMuted;
      void meeting.setMuted(participant, 'audio', muted).then(() => this.media.say(muted ? 'muted' : 'unmuted'));
    } else if (key === '9') {
      const raised = participant.handRaisedAt === null;
      meeting.setHand(participant, raised);
      void this.media.say(raised ? 'hand-raised' : 'hand-lowered');
    }
  }

  private nextKeyArrives(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      this.keyWaiters.push(resolve);
      if (ms !== undefined) setTimeout(resolve, ms);
    });
  }

  private pause(ms: number): Promise<void> {
    return this.nextKeyArrives(ms);
  }

  private wake(): void {
    for (const resolve of this.keyWaiters.splice(0)) resolve();
  }

  private async goodbye(prompt: PromptName): Promise<void> {
    if (this.over) return;
    this.media.hush();
    await this.media.say(prompt);
    this.call.hangUp();
    await this.finish();
  }

  /** The call is over, whoever ended it: leave the meeting or the lobby, free the audio. */
  private async finish(): Promise<void> {
    if (this.over) return;
    this.over = true;
    this.wake();
    this.media.close();
    const inMeeting = this.inMeeting;
    this.inMeeting = undefined;
    if (inMeeting) await this.deps.meetings.leave(inMeeting.meeting, inMeeting.participant);
    else if (this.waiting) this.deps.meetings.leftLobby(this);
    this.waiting = false;
  }

  private audit(action: string, details: Record<string, unknown>): Promise<void> {
    return audit(this.deps.db, { actor: this.name, action, target: this.name, origin: this.call.caller.address, details });
  }
}
