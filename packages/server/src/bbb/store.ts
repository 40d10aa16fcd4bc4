import type { Db } from '../store/db.ts';

/** Tables of migration 0007_bbb_api. Times are ISO 8601 strings, as everywhere in moot. */
export interface BbbMeetingsTable {
  /** The integration's meetingID, as given. */
  meeting_id: string;
  room_id: string;
  name: string;
  attendee_pw: string;
  moderator_pw: string;
  guest_policy: GuestPolicyName;
  /** JSON of `MeetingOptions`. */
  options: string;
  /** JSON of the `meta_*` parameters, without the prefix. */
  metadata: string;
  /** The last `create`: BigBlueButton's createTime. */
  created_at: string;
  /** Set by `end`; the next `create` opens the meeting again. */
  ended_at: string | null;
}

export interface BbbJoinTicketsTable {
  token_hash: string;
  room_id: string;
  name: string;
  role: 'moderator' | 'participant' | 'guest';
  /** The integration's userID, shown back in getMeetingInfo. */
  user_id: string | null;
  /** 1: enters with the microphone off (muteOnStart). */
  muted: number;
  expires_at: string;
}

export interface BbbRecordingsTable {
  recording_id: string;
  published: number;
  /** JSON of the recording's metadata as updateRecordings left it. */
  metadata: string;
  /** 1 once the recording-ready callback was handled. */
  announced: number;
}

export type GuestPolicyName = 'ALWAYS_ACCEPT' | 'ASK_MODERATOR' | 'ALWAYS_DENY';

/** What `create` asked for that moot keeps and shows back. */
export interface MeetingOptions {
  record: boolean;
  allowStartStopRecording: boolean;
  autoStartRecording: boolean;
  muteOnStart: boolean;
  maxParticipants: number;
  welcome: string;
  logoutURL: string;
  voiceBridge: string;
}

export type BbbTables = {
  bbb_meetings: BbbMeetingsTable;
  bbb_join_tickets: BbbJoinTicketsTable;
  bbb_recordings: BbbRecordingsTable;
};

export const bbbDb = (db: Db) => db.withTables<BbbTables>();

export interface BbbMeeting {
  meetingId: string;
  roomId: string;
  name: string;
  attendeePW: string;
  moderatorPW: string;
  guestPolicy: GuestPolicyName;
  options: MeetingOptions;
  metadata: Record<string, string>;
  createdAt: string;
  endedAt: string | null;
}

function fromRow(row: BbbMeetingsTable): BbbMeeting {
  return {
    meetingId: row.meeting_id,
    roomId: row.room_id,
    name: row.name,
    attendeePW: row.attendee_pw,
    moderatorPW: row.moderator_pw,
    guestPolicy: row.guest_policy,
    options: JSON.parse(row.options) as MeetingOptions,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  };
}

export function toRow(m: BbbMeeting): BbbMeetingsTable {
  return {
    meeting_id: m.meetingId,
    room_id: m.roomId,
    name: m.name,
    attendee_pw: m.attendeePW,
    moderator_pw: m.moderatorPW,
    guest_policy: m.guestPolicy,
    options: JSON.stringify(m.options),
    metadata: JSON.stringify(m.metadata),
    created_at: m.createdAt,
    ended_at: m.endedAt,
  };
}

export async function findBbbMeeting(db: Db, meetingId: string): Promise<BbbMeeting | undefined> {
  const row = await bbbDb(db).selectFrom('bbb_meetings').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  return row && fromRow(row);
}

export async function bbbMeetingOfRoom(db: Db, roomId: string): Promise<BbbMeeting | undefined> {
  const row = await bbbDb(db).selectFrom('bbb_meetings').selectAll().where('room_id', '=', roomId).executeTakeFirst();
  return row && fromRow(row);
}

export async function listBbbMeetings(db: Db): Promise<BbbMeeting[]> {
  const rows = await bbbDb(db).selectFrom('bbb_meetings').selectAll().orderBy('created_at').execute();
  return rows.map(fromRow);
}

export async function saveBbbMeeting(db: Db, meeting: BbbMeeting): Promise<void> {
  const row = toRow(meeting);
  const { meeting_id: _, ...changes } = row;
  await bbbDb(db)
    .insertInto('bbb_meetings')
    .values(row)
    .onConflict((oc) => oc.column('meeting_id').doUpdateSet(changes))
    .execute();
}

export async function markBbbMeetingEnded(db: Db, meetingId: string): Promise<void> {
  await bbbDb(db).updateTable('bbb_meetings').set({ ended_at: new Date().toISOString() }).where('meeting_id', '=', meetingId).execute();
}

export interface RecordingExtras {
  published: boolean;
  metadata: Record<string, string>;
  announced: boolean;
}

export async function recordingExtras(db: Db, recordingId: string): Promise<RecordingExtras> {
  const row = await bbbDb(db).selectFrom('bbb_recordings').selectAll().where('recording_id', '=', recordingId).executeTakeFirst();
  return {
    published: row ? row.published === 1 : true,
    metadata: row ? (JSON.parse(row.metadata) as Record<string, string>) : {},
    announced: row?.announced === 1,
  };
}

export async function saveRecordingExtras(db: Db, recordingId: string, extras: RecordingExtras): Promise<void> {
  const values = { published: extras.published ? 1 : 0, metadata: JSON.stringify(extras.metadata), announced: extras.announced ? 1 : 0 };
  await bbbDb(db)
    .insertInto('bbb_recordings')
    .values({ recording_id: recordingId, ...values })
    .onConflict((oc) => oc.column('recording_id').doUpdateSet(values))
    .execute();
}
