import type { RecordedMeetingView } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Meeting } from '../meetings/meeting.ts';
import { publishedPolls } from '../polls/store.ts';
import type { Db } from '../store/db.ts';
import { keepMeetingNotes, linkToMeeting, meetingOf, type RecordingRow } from './store.ts';

/** Where a room's shared notes are read from as they are now (the live documents). */
export type NotesSource = (roomId: string) => Promise<string>;

/**
 * What a recorded meeting leaves with its recordings: each recording knows its meeting (whose
 * published polls are kept under the meeting's start), and gets the shared notes as the meeting
 * ended. The notes are taken again when a recording stops, so a server stopped mid-meeting still
 * leaves the notes of that moment.
 */
export class RecordedMeetings {
  /** The recordings made in each room's running meeting. */
  private byRoom = new Map<string, { meeting: Meeting; ids: string[] }>();
  private notes: NotesSource | undefined;

  constructor(
    private db: Db,
    private log: Logger,
  ) {}

  /** Reads the notes from `source` and hears of meetings' ends. */
  follow(meetings: { onEnded(listener: (roomId: string) => void): void }, source: NotesSource): void {
    this.notes = source;
    meetings.onEnded((roomId) => {
      const entry = this.byRoom.get(roomId);
      if (entry) void this.ended(entry.meeting);
    });
  }

  async started(meeting: Meeting, recordingId: string): Promise<void> {
    await linkToMeeting(this.db, recordingId, meeting.startedAt);
    const { roomId } = meeting.options;
    const entry = this.byRoom.get(roomId);
    if (entry?.meeting === meeting) entry.ids.push(recordingId);
    else this.byRoom.set(roomId, { meeting, ids: [recordingId] });
  }

  async stopped(meeting: Meeting, recordingId: string): Promise<void> {
    if (meeting.ended) await this.ended(meeting);
    else await this.keep(meeting.options.roomId, [recordingId]);
  }

  /** Once per meeting: every recording made in it gets the notes as they are at its end. */
  private async ended(meeting: Meeting): Promise<void> {
    const { roomId } = meeting.options;
    const entry = this.byRoom.get(roomId);
    if (entry?.meeting !== meeting) return;
    this.byRoom.delete(roomId);
    await this.keep(roomId, entry.ids);
  }

  private async keep(roomId: string, ids: string[]): Promise<void> {
    if (!this.notes) return;
    try {
      await keepMeetingNotes(this.db, ids, await this.notes(roomId));
    } catch (err) {
      this.log.error({ err: (err as Error).message, room: roomId, recordings: ids }, 'could not keep the shared notes with a recording');
    }
  }
}

/** The notes and published polls kept with a recording; nothing for an imported one or one made before they were kept. */
export async function recordedMeeting(db: Db, row: RecordingRow): Promise<RecordedMeetingView> {
  const link = await meetingOf(db, row.id);
  if (!link) return { notes: null, notesKeptAt: null, polls: [] };
  return { notes: link.notes, notesKeptAt: link.notes_kept_at, polls: await publishedPolls(db, row.room_id, link.meeting_started_at) };
}
