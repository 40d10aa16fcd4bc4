import { t } from '../i18n/index.ts';
import { Dialog } from '../ui/dialog.tsx';
import type { MeetingSession } from './session.ts';

/**
 * Told to everyone when recording starts, and to whoever joins while it runs: who records,
 * and the choice to stay, to stay without camera and microphone, or to leave.
 */
export function RecordingNotice(props: { session: MeetingSession }) {
  const { session } = props;
  const notice = session.recordingNotice.value;
  if (!notice) return null;
  return (
    <Dialog title={t('recordingNotice.title')} onClose={() => session.dismissRecordingNotice()}>
      <p>
        {notice.by ? t('recordingNotice.startedBy', { name: notice.by }) : t('recordingNotice.someone')}
      </p>
      <div class="actions recording-actions">
        <button type="button" class="primary" onClick={() => session.dismissRecordingNotice()}>
          {t('recordingNotice.continue')}
        </button>
        <button type="button" onClick={() => void session.turnOffDevices()}>
          {t('recordingNotice.turnOff')}
        </button>
        <button type="button" class="danger" onClick={() => session.leave()}>
          {t('recordingNotice.leave')}
        </button>
      </div>
    </Dialog>
  );
}
