import type { Kysely } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Database } from '../store/schema.ts';

/** Tables of migration 0003_recordings. Times are ISO 8601 strings, as everywhere in moot. */
export type RecordingState = 'recording' | 'processing' | 'ready' | 'failed';

export interface RecordingsTable {
  /** 128 random bits, base64url: it appears in URLs. */
  id: string;
  room_id: string;
  name: string;
  origin: 'meeting' | 'import';
  state: RecordingState;
  /** 0-100 while processing. */
  progress: number;
  error: string | null;
  /** The data key wrapped by the server key; null once shredded. */
  wrapped_key: string | null;
  /** Plaintext size of the media in bytes. */
  size: number;
  duration_ms: number | null;
  started_by: string;
  started_at: string;
  ended_at: string | null;
}

export interface RecordingSharesTable {
  recording_id: string;
  user_id: string;
  created_at: string;
}

export interface RoomRecordingSettingsTable {
  room_id: string;
  /** 1: moderators may record this room's meetings. */
  allowed: number;
  /** This room's own maximum age (the server's, when shorter, still applies). */
  max_age_days: number | null;
}

/** Migration 0015: the meeting a recording was made in, and its shared notes as the meeting ended. */
export interface RecordingMeetingsTable {
  recording_id: string;
  /** The meeting's start: its kept polls carry the same. */
  meeting_started_at: string;
  /** Null until the meeting ends (or the recording stops while the server does). */
  notes: string | null;
  notes_kept_at: string | null;
}

export type RecordingTables = {
  recordings: RecordingsTable;
  recording_meetings: RecordingMeetingsTable;
  recording_shares: RecordingSharesTable;
  room_recording_settings: RoomRecordingSettingsTable;
};

export type RecordingRow = RecordingsTable;
export type RecDb = Kysely<Database & RecordingTables>;

/** The shared database handle, typed with the recording tables as well. */
export function recDb(db: Db): RecDb {
  return db.withTables<RecordingTables>();
}

export async function insertRecording(db: Db, row: RecordingRow): Promise<void> {
  await recDb(db).insertInto('recordings').values(row).execute();
}

export function findRecording(db: Db, id: string): Promise<RecordingRow | undefined> {
  return recDb(db).selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRecordings(db: Db, filter: { roomId?: string; state?: RecordingState } = {}): Promise<RecordingRow[]> {
  let query = recDb(db).selectFrom('recordings').selectAll().orderBy('started_at', 'desc');
  if (filter.roomId) query = query.where('room_id', '=', filter.roomId);
  if (filter.state) query = query.where('state', '=', filter.state);
  return query.execute();
}

export async function updateRecording(db: Db, id: string, patch: Partial<Omit<RecordingRow, 'id'>>): Promise<void> {
  await recDb(db).updateTable('recordings').set(patch).where('id', '=', id).execute();
}

export async function deleteRecordingRow(db: Db, id: string): Promise<void> {
  await recDb(db).deleteFrom('recordings').where('id', '=', id).execute();
}

export async function shareWith(db: Db, recordingId: string, userId: string): Promise<void> {
  await recDb(db)
    .insertInto('recording_shares')
    .values({ recording_id: recordingId, user_id: userId, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['recording_id', 'user_id']).doNothing())
    .execute();
}

export async function unshare(db: Db, recordingId: string, userId: string): Promise<boolean> {
  const result = await recDb(db).deleteFrom('recording_shares').where('recording_id', '=', recordingId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function sharesOf(db: Db, recordingId: string): Promise<{ id: string; email: string; name: string }[]> {
  return recDb(db)
    .selectFrom('recording_shares')
    .innerJoin('users', 'users.id', 'recording_shares.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('recording_shares.recording_id', '=', recordingId)
    .orderBy('users.email')
    .execute();
}

export async function isSharedWith(db: Db, recordingId: string, userId: string): Promise<boolean> {
  const row = await recDb(db)
    .selectFrom('recording_shares')
    .select('user_id')
    .where('recording_id', '=', recordingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Recordings shared with an account, across rooms. */
export function sharedWith(db: Db, userId: string): Promise<RecordingRow[]> {
  return recDb(db)
    .selectFrom('recordings')
    .innerJoin('recording_shares', 'recording_shares.recording_id', 'recordings.id')
    .selectAll('recordings')
    .where('recording_shares.user_id', '=', userId)
    .execute();
}

export interface RoomRecordingSettings {
  allowed: boolean;
  maxAgeDays: number | null;
}

/** Recording is allowed unless the owner turned it off. */
export async function roomRecordingSettings(db: Db, roomId: string): Promise<RoomRecordingSettings> {
  const row = await recDb(db).selectFrom('room_recording_settings').selectAll().where('room_id', '=', roomId).executeTakeFirst();
  return { allowed: row ? row.allowed === 1 : true, maxAgeDays: row?.max_age_days ?? null };
}

export async function setRoomRecordingSettings(db: Db, roomId: string, settings: RoomRecordingSettings): Promise<void> {
  const values = { allowed: settings.allowed ? 1 : 0, max_age_days: settings.maxAgeDays };
  await recDb(db)
    .insertInto('room_recording_settings')
    .values({ room_id: roomId, ...values })
    .onConflict((oc) => oc.column('room_id').doUpdateSet(values))
    .execute();
}

export async function linkToMeeting(db: Db, recordingId: string, meetingStartedAt: string): Promise<void> {
  await recDb(db).insertInto('recording_meetings').values({ recording_id: recordingId, meeting_started_at: meetingStartedAt, notes: null, notes_kept_at: null }).execute();
}

export async function keepMeetingNotes(db: Db, recordingIds: string[], notes: string): Promise<void> {
  if (recordingIds.length === 0) return;
  await recDb(db).updateTable('recording_meetings').set({ notes, notes_kept_at: new Date().toISOString() }).where('recording_id', 'in', recordingIds).execute();
}

export function meetingOf(db: Db, recordingId: string): Promise<RecordingMeetingsTable | undefined> {
  return recDb(db).selectFrom('recording_meetings').selectAll().where('recording_id', '=', recordingId).executeTakeFirst();
}
