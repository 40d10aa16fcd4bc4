import type { RecordedMeetingView } from '@moot/protocol';
import { downloadBlob } from '../collab/download.ts';
import { t } from '../i18n/index.ts';
import { markdownFile } from '../notes/markdown.ts';
import { Results } from '../polls/results.tsx';
import './recorded-meeting.css';

/**
 * What a recorded meeting left beside its video: the shared notes as it ended (shown as the
 * plain text people typed, never as HTML) with a Markdown download, and the poll results that
 * were shown to everyone.
 */
export function RecordedMeeting(props: { meeting: RecordedMeetingView; name: string }) {
  const { notes, notesKeptAt, polls } = props.meeting;
  if (notes === null && polls.length === 0) return null;
  const download = () => {
    const file = markdownFile(props.name, notes ?? '', new Date(notesKeptAt ?? Date.now()));
    downloadBlob(new Blob([file.content], { type: 'text/markdown;charset=utf-8' }), file.name);
  };
  return (
    <div class="recorded-meeting">
      {notes !== null && (
        <section aria-label={t('notes.title')}>
          <h3>{t('notes.title')}</h3>
          {notes.trim() === '' ? <p class="muted">{t('recordings.noNotes')}</p> : <div class="recorded-notes">{notes}</div>}
          {notes.trim() !== '' && (
            <button type="button" onClick={download}>
              {t('notes.download')}
            </button>
          )}
        </section>
      )}
      {polls.length > 0 && (
        <section aria-label={t('recordings.polls')}>
          <h3>{t('recordings.polls')}</h3>
          {polls.map((poll) => (
            <div key={poll.id} class="recorded-poll">
              <p class="poll-question">{poll.question}</p>
              <Results poll={poll} results={{ counts: poll.counts, voters: poll.voters, ...(poll.names ? { names: poll.names } : {}) }} live={false} />
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
