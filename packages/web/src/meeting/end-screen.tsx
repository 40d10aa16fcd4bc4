import type { MeetingEndReason } from '@moot/protocol';
import { Link } from '../ui/link.tsx';

const reasons: Record<MeetingEndReason, string> = {
  'ended-by-moderator': 'A moderator ended the meeting for everyone.',
  removed: 'You were removed from the meeting.',
  'room-deleted': 'The room was deleted.',
};

export function EndScreen(props: { ended: { reason: MeetingEndReason; by?: string } | null; onRejoin: () => void }) {
  const { ended } = props;
  return (
    <main class="form-page">
      <div class="card end">
        {ended ? (
          <>
            <h1>The meeting has ended</h1>
            <p>{ended.by ? `${ended.by} ended the meeting.` : reasons[ended.reason]}</p>
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
