import type { PollKind, PollResultView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
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

/** The room's kept polls, newest first. */
export async function roomPolls(db: Db, roomId: string): Promise<PollResultView[]> {
  const rows = await db.selectFrom('poll_results').selectAll().where('room_id', '=', roomId).orderBy('closed_at', 'desc').execute();
  return rows.map((row) => ({
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
  }));
}
