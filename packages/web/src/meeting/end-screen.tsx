import type { MeetingEndReason } from '@moot/protocol';
import { Link } from '../ui/link.tsx';
import type { Ended } from './join-flow.ts';

interface Words {
  heading: string;
  text: (by: string | undefined) => string;
  /** The button that enters again, or null when there is no meeting to go back to. */
  again: string | null;
}

/** Why this person is out of the meeting, naming the moderator when the server did. */
const words: Record<MeetingEndReason, Words> = {
  'ended-by-moderator': {
    heading: 'The meeting has ended',
    text: (by) => (by ? `${by} ended the meeting for everyone.` : 'A moderator ended the meeting for everyone.'),
    again: 'Join again',
  },
  removed: {
    heading: 'You were removed from the meeting',
    text: (by) =>
      `${by ? `${by} removed you from the meeting.` : 'A moderator removed you from the meeting.'} To come back, you would need a moderator to admit you.`,
    again: 'Ask to come back',
  },
  'room-deleted': { heading: 'The meeting has ended', text: () => 'The room was deleted.', again: null },
  'signed-out': {
    heading: 'You were signed out',
    text: () => 'Your session ended: you signed out everywhere, your password was changed, or your account was suspended. Sign in again to come back.',
    again: null,
  },
};

export function EndScreen(props: { ended: Ended | null; onRejoin: () => void }) {
  const { ended } = props;
  const said = ended && words[ended.reason];
  const again = said ? said.again : 'Join again';
  return (
    <main class="form-page">
      <div class="card end">
        {said && ended ? (
          <>
            <h1>{said.heading}</h1>
            <p>{said.text(ended.by)}</p>
          </>
        ) : (
          <h1>You left the meeting</h1>
        )}
        <div class="actions">
          {again && (
            <button type="button" class="primary" onClick={props.onRejoin}>
              {again}
            </button>
          )}
          <Link href="/" class="button">
            Home
          </Link>
        </div>
      </div>
    </main>
  );
}
