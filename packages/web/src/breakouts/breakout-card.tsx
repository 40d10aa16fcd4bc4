import { useEffect, useState } from 'preact/hooks';
import type { BreakoutAssign, BreakoutsView, ParticipantView } from '@moot/protocol';
import { MAX_BREAKOUT_MINUTES, MAX_BREAKOUT_ROOMS, MAX_CHAT_LENGTH, MIN_BREAKOUT_ROOMS } from '@moot/protocol/plain';
import { formatNumber, t } from '../i18n/index.ts';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import '../polls/card.css';

interface Props {
  session: MeetingSession;
  onClose: () => void;
}

/**
 * Breakout rooms: moderators open them, move people (and themselves, to visit), write to all
 * rooms and call everyone back; everyone sees where they are and how long is left, and picks a
 * room when the moderator lets people choose. Phone callers and people who only listen go along
 * or stay in the main room, as the moderator chose when opening the rooms.
 */
export function BreakoutCard({ session, onClose }: Props) {
  const rooms = session.breakouts.rooms.value;
  const moderator = session.roster.self.value?.role === 'moderator';
  return (
    <section class="classroom-card breakout-card" aria-labelledby="breakout-heading">
      <header>
        <h2 id="breakout-heading">{t('breakout.title')}</h2>
        <button type="button" class="close" aria-label={t('action.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {rooms ? <Running session={session} rooms={rooms} moderator={moderator} /> : moderator ? <OpenForm session={session} /> : <p>{t('breakout.none')}</p>}
    </section>
  );
}

/** A typed number kept inside what the server accepts (an emptied field counts as the least). */
const within = (value: number, least: number, most: number) => Math.min(most, Math.max(least, Math.round(value) || least));

function OpenForm({ session }: { session: MeetingSession }) {
  const [count, setCount] = useState(2);
  const [assign, setAssign] = useState<BreakoutAssign>('random');
  const [minutes, setMinutes] = useState(10);
  const [callersGo, setCallersGo] = useState(false);
  const open = (event: Event) => {
    event.preventDefault();
    const rooms = within(count, MIN_BREAKOUT_ROOMS, MAX_BREAKOUT_ROOMS);
    session.command({ type: 'breakoutStart', rooms, assign, minutes: within(minutes, 1, MAX_BREAKOUT_MINUTES), callers: callersGo ? 'go' : 'stay' });
  };
  return (
    <form onSubmit={open}>
      <label>
        {t('breakout.rooms')}
        <input type="number" min={MIN_BREAKOUT_ROOMS} max={MAX_BREAKOUT_ROOMS} value={count} onInput={(e) => setCount(Number(e.currentTarget.value))} />
      </label>
      <label>
        {t('breakout.assign')}
        <select value={assign} onChange={(e) => setAssign(e.currentTarget.value as BreakoutAssign)}>
          <option value="random">{t('breakout.assignRandom')}</option>
          <option value="manual">{t('breakout.assignManual')}</option>
          <option value="choose">{t('breakout.assignChoose')}</option>
        </select>
      </label>
      <label>
        {t('breakout.minutes')}
        <input type="number" min={1} max={MAX_BREAKOUT_MINUTES} value={minutes} onInput={(e) => setMinutes(Number(e.currentTarget.value))} />
      </label>
      <label class="check">
        <input type="checkbox" checked={callersGo} onChange={(e) => setCallersGo(e.currentTarget.checked)} />
        {t('breakout.callersGo')}
      </label>
      {!callersGo && <p class="hint">{t('breakout.phoneNote')}</p>}
      {assign === 'random' && session.roster.people.value.some((p) => p.audience) && <p class="hint">{t('breakout.audienceNote')}</p>}
      <button type="submit" class="primary">
        {t('breakout.open')}
      </button>
    </form>
  );
}

/** Minutes and seconds until `endsAt`, ticking. */
function useTimeLeft(endsAt: string): string {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((Date.parse(endsAt) - now) / 1000));
  return `${formatNumber(Math.floor(seconds / 60))}:${formatNumber(seconds % 60).padStart(2, formatNumber(0))}`;
}

function Running({ session, rooms, moderator }: { session: MeetingSession; rooms: BreakoutsView; moderator: boolean }) {
  const selfId = session.roster.selfId.value;
  const people = session.roster.ordered.value;
  const mine = session.breakouts.roomOf(selfId);
  const left = useTimeLeft(rooms.endsAt);
  const note = session.breakouts.note.value;
  const roomName = (index: number | null) => (index === null ? t('breakout.main') : t('breakout.room', { number: formatNumber(index + 1) }));
  const move = (participantId: string, room: number | null) => session.command({ type: 'breakoutMove', participantId, room });
  return (
    <>
      <p role="status" class="breakout-where">
        {t('breakout.youAreIn', { room: roomName(mine) })} · {t('breakout.timeLeft', { time: left })}
      </p>
      {note && (
        <div class="breakout-note" role="status">
          <p>
            <strong>{note.from}:</strong> {note.text}
          </p>
          <button type="button" onClick={() => session.breakouts.dismissNote()}>
            {t('action.close')}
          </button>
        </div>
      )}
      {!moderator && rooms.assign === 'choose' && (
        <div class="actions">
          {[null, ...rooms.rooms.map((r) => r.index)].map((index) => (
            <button key={index ?? 'main'} type="button" disabled={index === mine} onClick={() => selfId && move(selfId, index)}>
              {t('breakout.go', { room: roomName(index) })}
            </button>
          ))}
        </div>
      )}
      {moderator && <ModeratorView session={session} rooms={rooms} people={people} mine={mine} roomName={roomName} move={move} />}
    </>
  );
}

function ModeratorView(props: {
  session: MeetingSession;
  rooms: BreakoutsView;
  people: ParticipantView[];
  mine: number | null;
  roomName: (index: number | null) => string;
  move: (participantId: string, room: number | null) => void;
}) {
  const { session, rooms, people, mine, roomName, move } = props;
  const [text, setText] = useState('');
  const selfId = session.roster.selfId.value;
  const inRoom = (index: number | null) => people.filter((p) => session.breakouts.roomOf(p.id) === index);
  const send = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    session.command({ type: 'breakoutMessage', text: text.trim() });
    setText('');
  };
  return (
    <>
      {[null, ...rooms.rooms.map((r) => r.index)].map((index) => (
        <div key={index ?? 'main'} class="breakout-room">
          <h3>
            {roomName(index)}
            {index !== mine && selfId && (
              <button type="button" class="breakout-visit" onClick={() => move(selfId, index)}>
                {index === null ? t('breakout.goBack') : t('breakout.visit')}
              </button>
            )}
          </h3>
          <ul aria-label={roomName(index)}>
            {inRoom(index).map((p) => (
              <li key={p.id}>
                <label>
                  <span>{p.name}</span>
                  {(p.phone || p.listening) && rooms.callers === 'stay' ? (
                    <span class="hint">{t(p.phone ? 'breakout.phoneStays' : 'breakout.listenerStays')}</span>
                  ) : (
                    <select
                      aria-label={t('breakout.moveLabel', { name: p.name })}
                      value={index === null ? '' : String(index)}
                      onChange={(e) => move(p.id, e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
                    >
                      <option value="">{roomName(null)}</option>
                      {rooms.rooms.map((r) => (
                        <option key={r.index} value={String(r.index)}>
                          {roomName(r.index)}
                        </option>
                      ))}
                    </select>
                  )}
                </label>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <form onSubmit={send}>
        <label>
          {t('breakout.message')}
          <textarea rows={2} maxLength={MAX_CHAT_LENGTH} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!text.trim()}>
          {t('breakout.sendAll')}
        </button>
      </form>
      <div class="actions">
        <button type="button" class="primary" onClick={() => session.command({ type: 'breakoutEnd' })}>
          {t('breakout.callBack')}
        </button>
      </div>
    </>
  );
}
