import { useEffect, useRef } from 'preact/hooks';
import { NOTES_TEXT, type CollabAccess } from '@moot/protocol/plain';
import { t } from '../i18n/index.ts';
import { Icon } from '../ui/icons.tsx';
import { mayWrite } from '../collab/access.ts';
import { channelFor } from '../collab/channels.ts';
import { downloadBlob } from '../collab/download.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { bindTextarea } from './binding.ts';
import { markdownFile } from './markdown.ts';
import './notes.css';

export interface NotesProps {
  session: MeetingSession;
  onClose: () => void;
}

/** The meeting's shared notes: one text everyone (or only moderators) edits, kept with the room. */
export function Notes(props: NotesProps) {
  const { session } = props;
  const channel = channelFor(session, 'notes');
  const text = channel.doc.getText(NOTES_TEXT);
  const self = session.roster.self.value;
  const access = channel.access.value;
  const canEdit = mayWrite('notes', access, self);
  const moderator = self?.role === 'moderator';
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (canEdit) channel.writable();
  }, [canEdit]);

  useEffect(() => {
    if (!area.current) return;
    return bindTextarea(text, area.current, () => session.showToast(t('notes.tooLong')));
  }, [text]);

  const download = () => {
    const file = markdownFile(session.roomName.value, text.toString(), new Date());
    downloadBlob(new Blob([file.content], { type: 'text/markdown;charset=utf-8' }), file.name);
  };

  return (
    <section class="panel panel-notes" aria-labelledby="notes-heading">
      <header>
        <h2 id="notes-heading">{t('notes.title')}</h2>
        <button type="button" class="close notes-close" aria-label={t('action.close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div class="notes-body">
        {moderator && (
          <span class="notes-access">
            <label for="notes-access">{t('notes.whoMayEdit')}</label>{' '}
            <select id="notes-access" value={access} onChange={(event) => session.command({ type: 'collabAccess', doc: 'notes', access: (event.currentTarget as HTMLSelectElement).value as CollabAccess })}>
              <option value="everyone">{t('collab.everyone')}</option>
              <option value="moderators">{t('notes.moderatorsOnly')}</option>
            </select>
          </span>
        )}
        {!canEdit && self && <p class="notes-note">{t('notes.readOnly')}</p>}
        <textarea ref={area} class="notes-text" aria-label={t('notes.label')} readOnly={!canEdit || !channel.synced.value} spellcheck />
        <button type="button" class="notes-download" onClick={download}>
          {t('notes.download')}
        </button>
      </div>
    </section>
  );
}
