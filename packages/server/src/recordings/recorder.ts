import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessages, type ErrorCode } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { audit } from '../audit/audit.ts';
import { findUserById } from '../accounts/accounts.ts';
import { randomId } from '../ids.ts';
import { LiveRecording, type LiveNotes } from './live.ts';
import { RecordedMeetings } from './recorded-meetings.ts';
import { insertRecording, roomRecordingSettings, updateRecording } from './store.ts';
import type { Vault } from './vault.ts';
import { roomOrganizationAllowsRecording } from '../orgs/settings.ts';
import type { Jobs } from './jobs.ts';
import { recordingRefusal } from '../orgs/quotas.ts';
import { findRoom } from '../rooms/rooms.ts';

export type Refusal = { code: ErrorCode; details?: string[] };

/**
 * Starts and stops the recording of a live meeting for its moderators (the hub has already
 * asked the policy), tells everyone in it first, and hands a stopped recording to the job queue.
 */
export class Recorder {
  /** The recording each meeting is making now. */
  private running = new WeakMap<Meeting, string>();
  /** Recordings stopped by a person or a quota (audited then); any other stop is the meeting's end or a media restart. */
  private stopAudited = new Set<string>();
  /** Keeps each recorded meeting's notes and polls with its recordings. */
  readonly meetings: RecordedMeetings;

  constructor(
    private db: Db,
    private vault: Vault,
    private workRoot: string,
    private jobs: Jobs,
    private log: Logger,
  ) {
    this.meetings = new RecordedMeetings(db, log);
  }

  async set(meeting: Meeting, by: Participant, active: boolean): Promise<Refusal | undefined> {
    if (active === meeting.recording) {
      return { code: 'bad-request', details: [active ? 'the meeting is already being recorded' : 'the meeting is not being recorded'] };
    }
    if (!active) {
      const id = this.running.get(meeting);
      this.running.delete(meeting);
      if (id) {
        this.stopAudited.add(id);
        await audit(this.db, { actor: await this.actor(by), action: 'recording.stop', target: id, details: { room: meeting.options.roomId } });
      }
      meeting.broadcast({ type: 'recording', active: false, by: by.name });
      await meeting.stopRecording();
      return undefined;
    }
    const { roomId, roomName } = meeting.options;
    // The room's owner and its organization's admins may each turn recording off.
    if (!(await roomRecordingSettings(this.db, roomId)).allowed || !(await roomOrganizationAllowsRecording(this.db, roomId))) return { code: 'recording-disabled' };
    const room = await findRoom(this.db, roomId);
    const refusal = room && (await recordingRefusal(this.db, room.organization_id));
    if (refusal) return { code: refusal };
    const id = randomId();
    const { dataKey, wrapped } = await this.vault.newKey(id, roomId);
    const workDir = join(this.workRoot, id);
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    const startedAt = new Date().toISOString();
    await insertRecording(this.db, {
      id,
      room_id: roomId,
      // Pages show the start time beside it, in the reader's own locale.
      name: roomName,
      origin: 'meeting',
      state: 'recording',
      progress: 0,
      error: null,
      wrapped_key: wrapped,
      size: 0,
      duration_ms: null,
      started_by: by.name,
      started_at: startedAt,
      ended_at: null,
    });
    await this.meetings.started(meeting, id);
    await audit(this.db, { actor: await this.actor(by), action: 'recording.start', target: id, details: { room: roomId } });
    this.running.set(meeting, id);
    // Everyone hears of it before a single packet is written.
    meeting.broadcast({ type: 'recording', active: true, by: by.name });
    await meeting.startRecording(new LiveRecording(id, workDir, this.log, (notes) => this.stopped(meeting, id, dataKey, notes)), by.name);
    this.log.info({ recording: id, room: roomId }, 'recording started');
    return undefined;
  }

  /** The recording the meeting is making now, if any. */
  recordingOf(meeting: Meeting): string | undefined {
    return this.running.get(meeting);
  }

  /**
   * The organization's recordings reached their storage quota: the recording stops and is
   * processed with what it holds; everyone sees it stop, and the moderators are told why.
   */
  async stopOverQuota(meeting: Meeting): Promise<void> {
    const id = this.running.get(meeting);
    if (!id) return;
    this.running.delete(meeting);
    this.stopAudited.add(id);
    await audit(this.db, { actor: 'system', action: 'recording.stop', target: id, details: { room: meeting.options.roomId, reason: 'org-storage-quota' } });
    meeting.broadcast({ type: 'recording', active: false });
    for (const m of meeting.roster.moderators()) m.send({ type: 'error', code: 'org-storage-quota', message: errorMessages['org-storage-quota'] });
    await meeting.stopRecording();
  }

  /**
   * Who acts, in the audit log: a member by their account's email; a guest by the name they
   * typed, marked as such, so a guest calling themselves "admin@example.org" is not taken for that admin.
   */
  private async actor(by: Participant): Promise<string> {
    if (!by.userId) return `guest: ${by.name}`;
    return (await findUserById(this.db, by.userId))?.email ?? `account ${by.userId}`;
  }

  private async stopped(meeting: Meeting, id: string, dataKey: Buffer, notes: LiveNotes): Promise<void> {
    const { roomId } = meeting.options;
    if (!this.stopAudited.delete(id)) await audit(this.db, { actor: 'system', action: 'recording.stop', target: id, details: { room: roomId, reason: 'meeting-ended' } });
    // The timeline and chat are sealed at once: processing may resume after a restart.
    await this.vault.sealNotes(id, dataKey, notes);
    await updateRecording(this.db, id, { state: 'processing', ended_at: new Date().toISOString(), duration_ms: notes.durationMs });
    this.log.info({ recording: id, durationMs: notes.durationMs }, 'recording stopped');
    await this.meetings.stopped(meeting, id);
    this.jobs.enqueue(id);
  }
}
