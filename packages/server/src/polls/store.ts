import type { PollKind, PollResultView } from '@moot/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../store/db.ts';
import type { PollResultsTable } from '../store/schema.ts';
import type { Poll } from './poll.ts';

/** Keeps a closed poll with its meeting. */
export async function savePoll(db: Db, roomId: string, meetingStartedAt: string, poll: Poll): Promise<void> {
  const { counts, voters, names } = poll.results();
  await db
    .insertInto('poll_results')
    .values({
      id: poll.id,
      room_id: roomId,
      meeting_started_at: meetingStartedAt,
      question: poll.question,
      kind: poll.kind,
      options: JSON.stringify(poll.options),
      anonymous: poll.anonymous ? 1 : 0,
      published: poll.published ? 1 : 0,
      counts: JSON.stringify(counts),
      voters,
      names: names ? JSON.stringify(names) : null,
      closed_at: new Date().toISOString(),
    })
    .execute();
}

type PollRow = Selectable<PollResultsTable>;

const viewOf = (row: PollRow): PollResultView => ({
  id: row.id,
  meetingStartedAt: row.meeting_started_at,
  question: row.question,
  kind: row.kind as PollKind,
  options: JSON.parse(row.options) as string[],
  anonymous: row.anonymous === 1,
  published: row.published === 1,
  counts: JSON.parse(row.counts) as number[],
  voters: row.voters,
  names: row.names === null ? null : (JSON.parse(row.names) as string[][]),
  closedAt: row.closed_at,
});

/** The room's kept polls, newest first. */
export async function roomPolls(db: Db, roomId: string): Promise<PollResultView[]> {
  const rows = await db.selectFrom('poll_results').selectAll().where('room_id', '=', roomId).orderBy('closed_at', 'desc').execute();
  return rows.map(viewOf);
}

/** The polls of one meeting whose results were shown to everyone in it, in the order they closed. */
export async function publishedPolls(db: Db, roomId: string, meetingStartedAt: string): Promise<PollResultView[]> {
  const rows = await db
    .selectFrom('poll_results')
    .selectAll()
    .where('room_id', '=', roomId)
    .where('meeting_started_at', '=', meetingStartedAt)
    .where('published', '=', 1)
    .orderBy('closed_at')
    .execute();
  return rows.map(viewOf);
}
