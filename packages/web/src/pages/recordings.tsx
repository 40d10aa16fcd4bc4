import { useEffect, useState } from 'preact/hooks';
import type { RecordingLinksView, RecordingView } from '@moot/protocol';
import { api, describeError } from '../api.ts';
import { Alert } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { ShareLinks } from './share-links.tsx';

const stateLabel = (r: RecordingView) =>
  r.state === 'processing' ? `Processing… ${r.progress}%` : r.state === 'failed' ? `Failed: ${r.error ?? ''}` : r.state === 'recording' ? 'Recording now' : 'Ready';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

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
  const [shares, setShares] = useState<RecordingView['sharedWith']>(undefined);
  const [email, setEmail] = useState('');
  const fail = (e: unknown) => props.onError(describeError(e));

  const play = () => api.recordingLinks(r.id).then(setLinks, fail);
  const loadShares = () => api.recording(r.id).then((a) => setShares(a.recording.sharedWith), fail);
  const share = (event: Event) => {
    event.preventDefault();
    api.shareRecording(r.id, email).then((a) => (setShares(a.sharedWith), setEmail('')), fail);
  };
  const revoke = (userId: string) => api.unshareRecording(r.id, userId).then((a) => setShares(a.sharedWith), fail);
  const remove = () => {
    if (confirm(`Delete "${r.name}" for good? It cannot be recovered.`)) api.deleteRecording(r.id).then(props.onChanged, fail);
  };

  return (
    <li class="card" aria-label={r.name}>
      <h2>{r.name}</h2>
      <p>
        {r.room.name} · <span role="status">{stateLabel(r)}</span>
        {r.state === 'ready' && ` · ${megabytes(r.size)}`}
      </p>
      {r.state === 'ready' && !links && (
        <button type="button" onClick={play}>
          Play
        </button>
      )}
      {links && (
        <>
          <video controls src={links.view} aria-label={`Recording ${r.name}`} style={{ maxWidth: '100%' }} />
          <p>
            <a href={links.download}>Download</a> (link valid until {new Date(links.expiresAt).toLocaleTimeString()})
          </p>
        </>
      )}
      {r.shareLinks && r.state === 'ready' && <ShareLinks recordingId={r.id} name={r.name} />}
      {r.manage && (
        <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && loadShares()}>
          <summary>Share</summary>
          <ul>
            {shares?.map((u) => (
              <li key={u.id}>
                {u.name} ({u.email}){' '}
                <button type="button" onClick={() => revoke(u.id)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={share}>
            <label>
              Share with (account email)
              <input type="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit">Share</button>
          </form>
          <button type="button" class="danger" onClick={remove}>
            Delete recording
          </button>
        </details>
      )}
    </li>
  );
}
