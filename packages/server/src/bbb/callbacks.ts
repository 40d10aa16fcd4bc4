import { SignJWT } from 'jose';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Meetings } from '../meetings/meetings.ts';
import { apiSecret } from './secret.ts';
import type { RecordingTables } from '../recordings/store.ts';
import { ALWAYS, type Turn } from '../cluster/lease.ts';
import { bbbMeetingOfRoom, recordingExtras, saveRecordingExtras, type BbbMeeting, type BbbTables } from './store.ts';

/** How often recordings that became ready are looked for: processing ends in another part of the server. */
const READY_INTERVAL_MS = 2000;
const CALLBACK_TIMEOUT_MS = 10_000;

/**
 * BigBlueButton's callbacks: the meeting ended, a recording is ready. They go only to the hosts
 * of `MOOT_BBB_CALLBACK_HOSTS` (an entry with a port matches that port only), none by default: a
 * meeting's metadata is written by whoever holds the secret, and must not turn the server into a
 * way to reach other machines.
 */
export class Callbacks {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private db: Db,
    private meetings: Meetings,
    private allowed: string[],
    private log: Logger,
    /** Recording-ready callbacks are announced by one server process of the installation at a time. */
    private turn: Turn = ALWAYS,
  ) {}

  allows(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return this.allowed.includes(url.host.toLowerCase()) || this.allowed.includes(url.hostname.toLowerCase());
  }

  /** Sends to an allowed host only, following no redirect (it could lead anywhere). */
  private async send(target: string, init: RequestInit, what: string, query: Record<string, string> = {}): Promise<void> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      this.log.warn({ what }, 'callback URL is not a URL; not sent');
      return;
    }
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    if (!this.allows(url)) {
      this.log.warn({ what, host: url.host }, 'callback host is not in MOOT_BBB_CALLBACK_HOSTS; not sent');
      return;
    }
    try {
      const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
      await response.body?.cancel();
    } catch (err) {
      this.log.warn({ what, host: url.host, err: (err as Error).message }, 'callback failed');
    }
  }

  async meetingEnded(meeting: BbbMeeting): Promise<void> {
    const target = meeting.metadata['endcallbackurl'];
    if (!target) return;
    await this.send(target, { method: 'GET' }, 'meeting ended', { meetingID: meeting.meetingId, recordingmarks: 'false' });
  }

  /** BigBlueButton's and Blindside Networks' names for the same callback, both answered the same way. */
  private async recordingReady(meeting: BbbMeeting, recordingId: string): Promise<void> {
    const targets = [meeting.metadata['bbb-recording-ready-url'], meeting.metadata['bn-recording-ready-url']].filter((t): t is string => Boolean(t));
    if (targets.length === 0) return;
    const secret = new TextEncoder().encode(await apiSecret(this.db));
    const jwt = await new SignJWT({ meeting_id: meeting.meetingId, record_id: recordingId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
    const body = new URLSearchParams({ signed_parameters: jwt }).toString();
    for (const target of new Set(targets)) {
      await this.send(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, 'recording ready');
    }
  }

  /** A meeting of the API's rooms ends however it ends: the last person leaves, a moderator or `end` ends it. */
  start(): void {
    this.meetings.onEnded((roomId) => void this.roomEnded(roomId).catch((err: Error) => this.log.error({ err: err.message }, 'meeting-ended callback failed')));
    this.timer = setInterval(() => void this.announceReady().catch((err: Error) => this.log.error({ err: err.message }, 'recording-ready callback failed')), READY_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async roomEnded(roomId: string): Promise<void> {
    const meeting = await bbbMeetingOfRoom(this.db, roomId);
    if (meeting) await this.meetingEnded(meeting);
  }

  /** Ready recordings of the API's meetings not yet announced, each announced once (sent or not). */
  private async announceReady(): Promise<void> {
    if (!this.turn.held) return;
    const ready = await this.db
      .withTables<BbbTables & RecordingTables>()
      .selectFrom('recordings')
      .innerJoin('bbb_meetings', 'bbb_meetings.room_id', 'recordings.room_id')
      .leftJoin('bbb_recordings', 'bbb_recordings.recording_id', 'recordings.id')
      .select(['recordings.id', 'recordings.room_id'])
      .where('recordings.state', '=', 'ready')
      .where((eb) => eb.or([eb('bbb_recordings.announced', 'is', null), eb('bbb_recordings.announced', '=', 0)]))
      .execute();
    for (const { id, room_id } of ready) {
      await saveRecordingExtras(this.db, id, { ...(await recordingExtras(this.db, id)), announced: true });
      const meeting = await bbbMeetingOfRoom(this.db, room_id);
      if (meeting) await this.recordingReady(meeting, id);
    }
  }
}
