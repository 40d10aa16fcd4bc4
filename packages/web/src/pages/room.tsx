import { useEffect, useState } from 'preact/hooks';
import type { RoomEntryResponse } from '@moot/protocol';
import { api, ApiError, describeError } from '../api.ts';
import { errorText } from '../i18n/errors.ts';
import { t } from '../i18n/index.ts';
import { EndScreen } from '../meeting/end-screen.tsx';
import { MeetingView } from '../meeting/meeting-view.tsx';
import { PreJoin } from '../meeting/prejoin.tsx';
import { MeetingSession } from '../meeting/session.ts';
import { Alert } from '../ui/field.tsx';
import { Link } from '../ui/link.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import { canCall } from '../listen/support.ts';
import { NoCalls } from '../listen/no-calls.tsx';
import { NotFoundPage } from './not-found.tsx';

const ListenView = lazyComponent(() => import('../listen/listen-view.tsx').then((m) => m.ListenView));

type Entry = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed'; message: string } | { kind: 'ready'; entry: RoomEntryResponse };

/**
 * The one-time entry of a BigBlueButton API join URL (`#ticket=…`), taken out of the address
 * at once so that reloading, bookmarking or sharing the page does not carry it along.
 */
function takeJoinTicket(): string | undefined {
  const ticket = new URLSearchParams(location.hash.slice(1)).get('ticket') ?? undefined;
  if (ticket) history.replaceState(history.state, '', location.pathname + location.search);
  return ticket;
}

/** Taken as the script loads, before the first render (which waits for the language's catalogue); used once. */
let ticketAtLoad = takeJoinTicket();
function claimJoinTicket(): string | undefined {
  const ticket = ticketAtLoad;
  ticketAtLoad = undefined;
  return ticket;
}

export function RoomPage(props: { id: string }) {
  const [state, setState] = useState<Entry>({ kind: 'loading' });
  const [ticket] = useState(claimJoinTicket);

  useEffect(() => {
    setState({ kind: 'loading' });
    api.roomEntry(props.id).then(
      (entry) => setState({ kind: 'ready', entry }),
      (failure) =>
        setState(
          failure instanceof ApiError && (failure.status === 404 || failure.code === 'room-not-found')
            ? { kind: 'missing' }
            : { kind: 'failed', message: describeError(failure) },
        ),
    );
  }, [props.id]);

  switch (state.kind) {
    case 'loading':
      return <main class="form-page" aria-busy="true" />;
    case 'missing':
      return <NotFoundPage title={t('notFound.room')} text={errorText('room-not-found')} />;
    case 'failed':
      return (
        <main class="form-page">
          <div class="card">
            <Alert message={state.message} />
          </div>
        </main>
      );
    case 'ready':
      // With a ticket the API decided who enters: the room's guest rules do not apply.
      return state.entry.refusal && !ticket ? <Refusal entry={state.entry} /> : <Room entry={state.entry} ticket={ticket} />;
  }
}

function Refusal(props: { entry: RoomEntryResponse }) {
  const { room, refusal } = props.entry;
  return (
    <main class="form-page">
      <div class="card">
        <h1>{room.name}</h1>
        <p role="alert">{refusal && errorText(refusal)}</p>
        {refusal === 'members-only' && (
          <Link href={`/signin?next=${encodeURIComponent(`/r/${room.id}`)}`} class="button primary">
            {t('signin.submit')}
          </Link>
        )}
      </div>
    </main>
  );
}

function Waiting(props: { roomName: string; onCancel: () => void }) {
  return (
    <main class="form-page">
      <div class="card end" role="status">
        <h1>{t('lobby.waitingTitle')}</h1>
        <p>{t('lobby.waitingText', { room: props.roomName })}</p>
        <div class="actions">
          <button type="button" onClick={props.onCancel}>
            {t('action.cancel')}
          </button>
        </div>
      </div>
    </main>
  );
}

function Room(props: { entry: RoomEntryResponse; ticket: string | undefined }) {
  const [session] = useState(() => new MeetingSession(props.entry, props.ticket));
  useEffect(() => () => session.dispose(), [session]);

  const phase = session.phase.value;
  return (
    <>
      {phase === 'prejoin' || phase === 'joining' ? (
        canCall() ? <PreJoin session={session} /> : <NoCalls session={session} />
      ) : phase === 'waiting' ? (
        <Waiting roomName={session.roomName.value} onCancel={() => session.leave()} />
      ) : phase === 'in' ? (
        session.listenOnly ? <ListenView session={session} /> : <MeetingView session={session} />
      ) : (
        <EndScreen ended={session.ended.value} onRejoin={() => void session.rejoin()} />
      )}
      {session.toast.value && (
        <p class="toast" role="alert">
          {session.toast.value}
        </p>
      )}
    </>
  );
}
