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
    <Dialog title="This meeting is being recorded" onClose={() => session.dismissRecordingNotice()}>
      <p>
        {notice.by ? `${notice.by} started recording this meeting.` : 'Someone in this meeting is recording it.'} What you say and show, and the
        chat, are recorded from now on.
      </p>
      <div class="actions recording-actions">
        <button type="button" class="primary" onClick={() => session.dismissRecordingNotice()}>
          Continue
        </button>
        <button type="button" onClick={() => void session.turnOffDevices()}>
          Turn off camera and microphone
        </button>
        <button type="button" class="danger" onClick={() => session.leave()}>
          Leave the meeting
        </button>
      </div>
    </Dialog>
  );
}
