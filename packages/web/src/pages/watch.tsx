import { useEffect, useState } from 'preact/hooks';
import { routes } from '@moot/protocol/plain';
import type { SharedRecordingView } from '@moot/protocol';
import { describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert } from '../ui/field.tsx';
import { formatDateTime } from '../ui/time.tsx';
import { RecordedMeeting } from './recorded-meeting.tsx';

/**
 * What a time-limited link opens: the recording's video with its meeting's notes and published
 * polls, no account needed. The token is in the fragment and is posted, never put in a path; the
 * answer lets the video load with a cookie.
 */
export function WatchPage() {
  const [recording, setRecording] = useState<SharedRecordingView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const token = location.hash.slice(1);
    request<{ recording: SharedRecordingView }>('POST', routes.sharedRecording, { token }).then(
      (a) => setRecording(a.recording),
      (e) => setError(describeError(e)),
    );
  }, []);

  return (
    <main class="page">
      <h1>{recording?.name ?? t('roomForm.recording')}</h1>
      <Alert message={error} />
      {recording && (
        <>
          <video controls src={recording.media} aria-label={t('recordings.video', { name: recording.name })} style={{ maxWidth: '100%' }} />
          <p class="muted">{t('watch.until', { date: formatDateTime(recording.expiresAt) })}</p>
          <RecordedMeeting meeting={recording.meeting} name={recording.name} />
        </>
      )}
    </main>
  );
}
