import type { MeetingEndReason } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { Link } from '../ui/link.tsx';
import type { Ended } from './join-flow.ts';

interface Words {
  heading: string;
  text: (by: string | undefined) => string;
  /** The button that enters again, or null when there is no meeting to go back to. */
  again: string | null;
}

/** Why this person is out of the meeting, naming the moderator when the server did. */
const words: Record<MeetingEndReason, () => Words> = {
  'ended-by-moderator': () => ({
    heading: t('end.endedTitle'),
    text: (by) => (by ? t('end.endedBy', { name: by }) : t('end.endedByModerator')),
    again: t('end.joinAgain'),
  }),
  removed: () => ({
    heading: t('end.removedTitle'),
    text: (by) => (by ? t('end.removedBy', { name: by }) : t('end.removedByModerator')),
    again: t('end.askBack'),
  }),
  'room-deleted': () => ({ heading: t('end.endedTitle'), text: () => t('end.roomDeleted'), again: null }),
  'signed-out': () => ({ heading: t('end.signedOutTitle'), text: () => t('end.signedOut'), again: null }),
  'organization-suspended': () => ({ heading: t('end.endedTitle'), text: () => t('end.orgSuspended'), again: null }),
};

export function EndScreen(props: { ended: Ended | null; onRejoin: () => void }) {
  const { ended } = props;
  const said = ended && words[ended.reason]();
  const again = said ? said.again : t('end.joinAgain');
  return (
    <main class="form-page">
      <div class="card end">
        {said && ended ? (
          <>
            <h1>{said.heading}</h1>
            <p>{said.text(ended.by)}</p>
          </>
        ) : (
          <h1>{t('end.leftTitle')}</h1>
        )}
        <div class="actions">
          {again && (
            <button type="button" class="primary" onClick={props.onRejoin}>
              {again}
            </button>
          )}
          <Link href="/" class="button">
            {t('end.home')}
          </Link>
        </div>
      </div>
    </main>
  );
}
