import type { MeetingEndReason } from '@moot/protocol';
import { Link } from '../ui/link.tsx';

/** Why the meeting ended for this person, naming the moderator when the server did. */
const reasons: Record<MeetingEndReason, (by: string | undefined) => string> = {
  'ended-by-moderator': (by) => (by ? `${by} ended the meeting for everyone.` : 'A moderator ended the meeting for everyone.'),
  removed: (by) => (by ? `${by} removed you from the meeting.` : 'You were removed from the meeting.'),
  'room-deleted': () => 'The room was deleted.',
};

export function EndScreen(props: { ended: { reason: MeetingEndReason; by?: string } | null; onRejoin: () => void }) {
  const { ended } = props;
  return (
    <main class="form-page">
      <div class="card end">
        {ended ? (
          <>
            <h1>The meeting has ended</h1>
            <p>{reasons[ended.reason](ended.by)}</p>
          </>
        ) : (
          <h1>You left the meeting</h1>
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={props.onRejoin}>
            Join again
          </button>
          <Link href="/" class="button">
            Home
          </Link>
        </div>
      </div>
    </main>
  );
}
