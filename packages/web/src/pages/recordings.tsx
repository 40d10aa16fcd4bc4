import { useEffect, useState } from 'preact/hooks';
import { routes } from '@moot/protocol/plain';
import type { RecordedMeetingView, RecordingLinksView, RecordingView } from '@moot/protocol';
import { api, describeError, request } from '../api.ts';
import { currentLanguage, t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { formatDateTime } from '../ui/time.tsx';
import { RecordedMeeting } from './recorded-meeting.tsx';
import { ShareLinks } from './share-links.tsx';

const stateLabel = (r: RecordingView) =>
  r.state === 'processing'
    ? t('recordings.processing', { percent: new Intl.NumberFormat(currentLanguage(), { style: 'percent' }).format(r.progress / 100) })
    : t(`recordings.state.${r.state}`);

const megabytes = (bytes: number) =>
  new Intl.NumberFormat(currentLanguage(), { style: 'unit', unit: 'megabyte', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1_000_000);

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return h ? t('recordings.hoursMinutes', { h, m }) : m ? t('recordings.minutesSeconds', { m, s: sec }) : t('recordings.seconds', { s: sec });
}

/** Recordings the signed-in person may watch: their rooms' and those shared with them. */
export function RecordingsPage() {
  const [list, setList] = useState<RecordingView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.recordings().then((a) => setList(a.recordings), (e) => setError(describeError(e)));

  useEffect(() => {
    void load();
    // Processing progress moves on its own; a slow poll is enough for a list.
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('nav.recordings')}</h1>
        <p class="muted">{t('recordings.intro')}</p>
        <Alert message={error} />
        {list?.length === 0 && <p class="muted">{t('recordings.none')}</p>}
        <ul class="rooms">
          {list?.map((r) => (
            <RecordingItem key={r.id} recording={r} onChanged={load} onError={setError} />
          ))}
        </ul>
      </main>
    </>
  );
}

function RecordingItem(props: { recording: RecordingView; onChanged: () => void; onError: (m: string) => void }) {
  const { recording: r } = props;
  const [links, setLinks] = useState<RecordingLinksView | null>(null);
  const [meeting, setMeeting] = useState<RecordedMeetingView | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, dialog } = useConfirm();
  const fail = (e: unknown) => props.onError(describeError(e));
  const ready = r.state === 'ready';

  const play = () =>
    Promise.all([api.recordingLinks(r.id), request<RecordedMeetingView>('GET', routes.recordingMeeting(r.id))]).then(([l, m]) => {
      setLinks(l);
      setMeeting(m);
    }, fail);
  const retry = () => {
    setBusy(true);
    request<{ recording: RecordingView }>('POST', routes.recordingRetry(r.id), {})
      .then(props.onChanged, fail)
      .finally(() => setBusy(false));
  };
  const remove = async () => {
    const yes = await confirm({ title: t('recordings.deleteTitle', { name: r.name }), message: t('recordings.deleteText'), confirmLabel: t('recordings.delete'), danger: true });
    if (yes) api.deleteRecording(r.id).then(props.onChanged, fail);
  };

  return (
    <li class="card recording" aria-label={r.name}>
      <h2>{r.name}</h2>
      <p class="muted">
        {[r.room.name, formatDateTime(r.startedAt), r.durationMs !== null && duration(r.durationMs), ready && megabytes(r.size)].filter(Boolean).join(' · ')}
      </p>
      <p>
        <span role="status">{stateLabel(r)}</span>
        {r.state === 'processing' && (
          <>
            {' '}
            <progress max={100} value={r.progress} aria-label={stateLabel(r)} />
          </>
        )}
      </p>
      {r.state === 'failed' && r.error && <p class="alert">{r.error}</p>}
      {r.state === 'failed' && r.manage && !r.retry && (
        <p class="muted">{t('recordings.notRetryable')}</p>
      )}
      {(ready || r.retry || r.manage) && (
        <div class="actions">
          {ready && !links && (
            <button type="button" class="primary" onClick={play}>
              {t('recordings.play')}
            </button>
          )}
          {r.retry && (
            <button type="button" class="primary" disabled={busy} onClick={retry}>
              {t('recordings.retry')}
            </button>
          )}
          {r.manage && r.state !== 'recording' && (
            <button type="button" class="danger" onClick={() => void remove()}>
              {t('recordings.delete')}
            </button>
          )}
        </div>
      )}
      {links && (
        <>
          <video controls src={links.view} aria-label={t('recordings.video', { name: r.name })} style={{ maxWidth: '100%' }} />
          <p>
            <a href={links.download}>{t('recordings.download')}</a> {t('recordings.validUntil', { date: formatDateTime(links.expiresAt) })}
          </p>
          {meeting && <RecordedMeeting meeting={meeting} name={r.name} />}
        </>
      )}
      {ready && r.manage && <Shares recordingId={r.id} onError={props.onError} />}
      {ready && r.shareLinks && <ShareLinks recordingId={r.id} name={r.name} />}
      {dialog}
    </li>
  );
}

/** The accounts a ready recording is shared with by name, for its owner to add to or revoke. */
function Shares(props: { recordingId: string; onError: (m: string) => void }) {
  const [shares, setShares] = useState<RecordingView['sharedWith']>(undefined);
  const [email, setEmail] = useState('');
  const fail = (e: unknown) => props.onError(describeError(e));

  const load = () => api.recording(props.recordingId).then((a) => setShares(a.recording.sharedWith), fail);
  const share = (event: Event) => {
    event.preventDefault();
    api.shareRecording(props.recordingId, email).then((a) => (setShares(a.sharedWith), setEmail('')), fail);
  };
  const revoke = (userId: string) => api.unshareRecording(props.recordingId, userId).then((a) => setShares(a.sharedWith), fail);

  return (
    <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
      <summary>{t('recordings.shareWith')}</summary>
      {shares?.length === 0 && <p class="muted">{t('recordings.notShared')}</p>}
      <ul class="share-list">
        {shares?.map((u) => (
          <li key={u.id}>
            <span>{t('recordings.person', { name: u.name, email: u.email })}</span>
            <button type="button" onClick={() => revoke(u.id)} aria-label={t('recordings.stopSharing', { name: u.name })}>
              {t('recordings.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={share}>
        <Field label={t('recordings.accountEmail')} type="email" required autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <button type="submit">{t('recordings.share')}</button>
      </form>
    </details>
  );
}
