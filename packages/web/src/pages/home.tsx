import { useEffect, useState } from 'preact/hooks';
import type { RoomView } from '@moot/protocol';
import { routes } from '@moot/protocol/plain';
import { api, describeError } from '../api.ts';
import { t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Alert } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { Link } from '../ui/link.tsx';
import { RoomForm, guestPolicyLabel, type RoomFormValues } from './room-form.tsx';
import { LivestreamSettings } from '../livestream/settings-toggle.tsx';

export function HomePage() {
  const [rooms, setRooms] = useState<RoomView[] | null>(null);
  const [moderated, setModerated] = useState<RoomView[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api.rooms().then(
      (answer) => {
        setRooms(answer.rooms);
        setModerated(answer.moderated);
      },
      (failure) => setError(describeError(failure)),
    );

  useEffect(() => {
    void load();
    // People come and go; keep the "live now" counts roughly current without a socket.
    const timer = setInterval(load, 15_000);
    return () => clearInterval(timer);
  }, []);

  const create = async (values: RoomFormValues) => {
    const { room } = await api.createRoom(values);
    setRooms((list) => [room, ...(list ?? [])]);
  };

  const replace = (room: RoomView) => setRooms((list) => list?.map((r) => (r.id === room.id ? room : r)) ?? null);
  const remove = (id: string) => setRooms((list) => list?.filter((r) => r.id !== id) ?? null);

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('home.title')}</h1>
        <Alert message={error} />
        <div class="room-lists">
          <section aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">{t('home.yourRooms')}</h2>
            {rooms?.length === 0 && <p class="muted">{t('home.noRooms')}</p>}
            {rooms && rooms.length > 0 && (
              <ul class="rooms">
                {rooms.map((room) => (
                  <OwnRoom key={room.id} room={room} onChanged={replace} onDeleted={remove} />
                ))}
              </ul>
            )}
          </section>
          {moderated.length > 0 && (
            <section aria-labelledby="moderated-heading">
              <h2 id="moderated-heading">{t('home.moderated')}</h2>
              <ul class="rooms">
                {moderated.map((room) => (
                  <li key={room.id} class="room card" data-room-id={room.id}>
                    <RoomSummary room={room} />
                    <p class="muted">{t('home.ownersRoom', { name: room.owner.name })}</p>
                    <div class="actions">
                      <Link href={`/r/${room.id}`} class="button primary">
                        {t('home.open')}
                      </Link>
                    </div>
                    <LivestreamSettings roomId={room.id} roomName={room.name} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <section class="card" aria-labelledby="new-room-heading">
          <h2 id="new-room-heading">{t('home.newRoom')}</h2>
          <RoomForm submitLabel={t('home.create')} onSubmit={create} />
        </section>
      </main>
    </>
  );
}

/** Name, who is in it, who may enter, and the link to pass on. */
function RoomSummary({ room }: { room: RoomView }) {
  // The link of the address this page is on: the onion address for those who came through Tor.
  const link = `${location.origin}${routes.roomPage(room.id)}`;
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setError(t('home.copyRefused'));
    }
  };

  return (
    <>
      <div class="room-head">
        <h3>{room.name}</h3>
        <span class={room.live > 0 ? 'badge live' : 'badge'}>{room.live > 0 ? t('home.liveNow', { count: room.live }) : t('home.empty')}</span>
      </div>
      <p class="muted">
        {[
          guestPolicyLabel(room.guests),
          room.accessCode && t('home.code', { code: room.accessCode }),
          room.lobby !== 'off' && t(room.lobby === 'guests' ? 'home.guestsWait' : 'home.everyoneWaits'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div class="copy-row">
        <input class="url" readOnly value={link} aria-label={t('home.joinLink', { room: room.name })} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          {copied ? t('home.copied') : t('home.copy')}
        </button>
      </div>
      <Alert message={error} />
    </>
  );
}

function OwnRoom(props: { room: RoomView; onChanged: (room: RoomView) => void; onDeleted: (id: string) => void }) {
  const { room } = props;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  const remove = async () => {
    const yes = await confirm({
      title: t('home.deleteTitle', { room: room.name }),
      message: t('home.deleteText'),
      confirmLabel: t('home.deleteConfirm'),
      danger: true,
    });
    if (!yes) return;
    try {
      await api.deleteRoom(room.id);
      props.onDeleted(room.id);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const save = async (values: RoomFormValues) => {
    props.onChanged((await api.updateRoom(room.id, values)).room);
    setEditing(false);
  };

  return (
    <li class="room card" data-room-id={room.id}>
      <RoomSummary room={room} />
      <Alert message={error} />
      {editing ? (
        <RoomForm room={room} submitLabel={t('action.save')} onSubmit={save} onCancel={() => setEditing(false)} />
      ) : (
        <div class="actions">
          <Link href={`/r/${room.id}`} class="button primary">
            {t('home.open')}
          </Link>
          <button type="button" onClick={() => setEditing(true)}>
            {t('action.edit')}
          </button>
          <button type="button" class="danger" onClick={remove}>
            {t('action.delete')}
          </button>
        </div>
      )}
      {!editing && <LivestreamSettings roomId={room.id} roomName={room.name} />}
      {dialog}
    </li>
  );
}
