import type { ErrorCode } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import type { Db } from '../store/db.ts';
import { Poll, type PollQuestion } from './poll.ts';
import { savePoll } from './store.ts';

/**
 * The polls of live meetings: one current poll per meeting. A new poll closes the one before
 * (kept, not published). Every change reaches each person as their own view of the poll.
 */
export class Polls {
  private current = new WeakMap<Meeting, Poll>();

  constructor(
    private db: Db,
    private log: Logger,
  ) {}

  async create(meeting: Meeting, by: Participant, question: PollQuestion): Promise<void> {
    const before = this.current.get(meeting);
    if (before && !before.closed) await this.finish(meeting, before, false);
    const poll = new Poll(question, by.name);
    this.current.set(meeting, poll);
    this.sendAll(meeting, poll);
  }

  vote(meeting: Meeting, participant: Participant, pollId: string, choices: number[]): ErrorCode | undefined {
    const poll = this.current.get(meeting);
    if (!poll || poll.id !== pollId) return 'poll-not-found';
    if (poll.closed) return 'poll-closed';
    if (!poll.answer(participant.id, participant.name, choices)) return 'poll-invalid-answer';
    participant.send({ type: 'poll', poll: poll.viewFor(participant.id, participant.role === 'moderator') });
    for (const m of meeting.roster.moderators()) if (m.id !== participant.id) m.send({ type: 'poll', poll: poll.viewFor(m.id, true) });
    return undefined;
  }

  async close(meeting: Meeting, pollId: string, publish: boolean): Promise<ErrorCode | undefined> {
    const poll = this.current.get(meeting);
    if (!poll || poll.id !== pollId) return 'poll-not-found';
    if (poll.closed) {
      // Publishing a poll closed earlier shows the kept result; the record says so too.
      if (!publish || poll.published) return undefined;
      poll.published = true;
      await this.db.updateTable('poll_results').set({ published: 1 }).where('id', '=', poll.id).execute();
      this.sendAll(meeting, poll);
      return undefined;
    }
    await this.finish(meeting, poll, publish);
    return undefined;
  }

  /** Shows the current poll as this person may see it: a late joiner, a resumed connection, a changed role. */
  show(meeting: Meeting, participant: Participant): void {
    const poll = this.current.get(meeting);
    if (poll) participant.send({ type: 'poll', poll: poll.viewFor(participant.id, participant.role === 'moderator') });
  }

  private async finish(meeting: Meeting, poll: Poll, publish: boolean): Promise<void> {
    poll.closed = true;
    poll.published = publish;
    this.sendAll(meeting, poll);
    await savePoll(this.db, meeting.options.roomId, meeting.startedAt, poll).catch((err: Error) =>
      this.log.error({ err: err.message, room: meeting.options.roomId }, 'could not keep a poll result'),
    );
  }

  private sendAll(meeting: Meeting, poll: Poll): void {
    for (const p of meeting.roster.all()) p.send({ type: 'poll', poll: poll.viewFor(p.id, p.role === 'moderator') });
  }
}
