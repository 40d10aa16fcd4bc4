import { useEffect, useState } from 'preact/hooks';
import { routes } from '@moot/protocol/plain';
import type { RecordingLinksView, RecordingView } from '@moot/protocol';
import { api, describeError, request } from '../api.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { TimeText, formatDateTime } from '../ui/time.tsx';
import { ShareLinks } from './share-links.tsx';

const stateLabel = (r: RecordingView) =>
  r.state === 'processing' ? `Processing… ${r.progress}%` : r.state === 'failed' ? 'Failed' : r.state === 'recording' ? 'Recording now' : 'Ready';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return h ? `${h} h ${m} min` : m ? `${m} min ${sec} s` : `${sec} s`;
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
        <h1>Recordings</h1>
        <p class="muted">
          Private: only the room's owner and moderators, and the people a recording is shared with, can watch it. Play links last a few
          minutes; links for people without an account last until they expire or are revoked.
        </p>
        <Alert message={error} />
        {list?.length === 0 && <p class="muted">No recordings yet.</p>}
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
  const [busy, setBusy] = useState(false);
  const { confirm, dialog } = useConfirm();
  const fail = (e: unknown) => props.onError(describeError(e));
  const ready = r.state === 'ready';

  const play = () => api.recordingLinks(r.id).then(setLinks, fail);
  const retry = () => {
    setBusy(true);
    request<{ recording: RecordingView }>('POST', routes.recordingRetry(r.id), {})
      .then(props.onChanged, fail)
      .finally(() => setBusy(false));
  };
  const remove = async () => {
    const yes = await confirm({ title: `Delete “${r.name}”?`, message: 'It is deleted for good and cannot be recovered.', confirmLabel: 'Delete recording', danger: true });
    if (yes) api.deleteRecording(r.id).then(props.onChanged, fail);
  };

  return (
    <li class="card recording" aria-label={r.name}>
      <h2>{r.name}</h2>
      <p class="muted">
        {r.room.name} · <TimeText iso={r.startedAt} />
        {r.durationMs !== null && ` · ${duration(r.durationMs)}`}
        {ready && ` · ${megabytes(r.size)}`}
      </p>
      <p>
        <span role="status">{stateLabel(r)}</span>
      </p>
      {r.state === 'failed' && r.error && <p class="alert">{r.error}</p>}
      {r.state === 'failed' && r.manage && !r.retry && (
        <p class="muted">It cannot be processed again: what was recorded in the meeting is no longer kept on the server.</p>
      )}
      {(ready || r.retry || r.manage) && (
        <div class="actions">
          {ready && !links && (
            <button type="button" class="primary" onClick={play}>
              Play
            </button>
          )}
          {r.retry && (
            <button type="button" class="primary" disabled={busy} onClick={retry}>
              Try again
            </button>
          )}
          {r.manage && r.state !== 'recording' && (
            <button type="button" class="danger" onClick={() => void remove()}>
              Delete recording
            </button>
          )}
        </div>
      )}
      {links && (
        <>
          <video controls src={links.view} aria-label={`Recording ${r.name}`} style={{ maxWidth: '100%' }} />
          <p>
            <a href={links.download}>Download</a> (link valid until {formatDateTime(links.expiresAt)})
          </p>
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
      <summary>Share with people who have an account</summary>
      {shares?.length === 0 && <p class="muted">Not shared with anyone yet.</p>}
      <ul class="share-list">
        {shares?.map((u) => (
          <li key={u.id}>
            <span>
              {u.name} ({u.email})
            </span>
            <button type="button" onClick={() => revoke(u.id)} aria-label={`Stop sharing with ${u.name}`}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={share}>
        <Field label="Account email" type="email" required autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <button type="submit">Share</button>
      </form>
    </details>
  );
}
