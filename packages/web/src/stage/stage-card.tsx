import { useState } from 'preact/hooks';
import type { ParticipantView, StagePlace, StageView, TalkView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import '../polls/card.css';
import './stage-card.css';

interface Props {
  session: MeetingSession;
  onClose: () => void;
}

/**
 * The stage event: moderators turn stage mode on or off, queue the talks (title, length),
 * reorder them and pass the mic; everyone sees the queue and where they are.
 */
export function StageCard({ session, onClose }: Props) {
  const view = session.stage.view.value;
  const self = session.roster.self.value;
  const moderator = self?.role === 'moderator';
  const place = session.stage.placeOf(self?.id ?? null);
  return (
    <section class="classroom-card stage-card" aria-labelledby="stage-heading">
      <header>
        <h2 id="stage-heading">{t('stage.title')}</h2>
        <button type="button" class="close" aria-label={t('action.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {place && <p class="stage-where">{t(`stage.youAre.${place}`)}</p>}
      {place && moderator && self && (
        // A host steps off the stage (or back on) like anyone they move.
        <p class="stage-self">
          {PLACES.filter((to) => to !== place).map((to) => (
            <button key={to} type="button" onClick={() => session.command({ type: 'stageMove', participantId: self.id, place: to })}>
              {t(`stage.moveTo.${to}`)}
            </button>
          ))}
        </p>
      )}
      {view ? <Running session={session} view={view} moderator={moderator} /> : moderator ? <Start session={session} /> : <p>{t('stage.none')}</p>}
    </section>
  );
}

const PLACES: StagePlace[] = ['stage', 'backstage', 'audience'];

const minutesWithin = (value: number) => Math.min(120, Math.max(1, Math.round(value) || 1));

function Start({ session }: { session: MeetingSession }) {
  const [minutes, setMinutes] = useState(5);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        session.command({ type: 'stageMode', active: true, defaultMinutes: minutes });
      }}
    >
      <p>{t('stage.explain')}</p>
      <label>
        {t('stage.defaultMinutes')}
        <input type="number" min={1} max={120} value={minutes} onInput={(e) => setMinutes(minutesWithin(e.currentTarget.valueAsNumber))} />
      </label>
      <button type="submit" class="primary">
        {t('stage.turnOn')}
      </button>
    </form>
  );
}

function Running({ session, view, moderator }: { session: MeetingSession; view: StageView; moderator: boolean }) {
  const people = session.roster.ordered.value;
  const nameOf = (talk: TalkView) => people.find((p) => p.id === talk.participantId)?.name ?? talk.name;
  return (
    <>
      <h3>{t('stage.now')}</h3>
      <p>{view.current ? t('stage.talkBy', { title: view.current.title, name: nameOf(view.current) }) : t('stage.noTalk')}</p>
      <h3>{t('stage.queue')}</h3>
      {view.queue.length === 0 ? (
        <p>{t('stage.queueEmpty')}</p>
      ) : (
        <ol class="stage-queue">
          {view.queue.map((talk, index) => (
            <li key={talk.id}>
              <span>
                {t('stage.talkBy', { title: talk.title, name: nameOf(talk) })} · {t('stage.minutes', { count: Math.round(talk.seconds / 60) })}
              </span>
              {moderator && (
                <span class="actions">
                  <button type="button" disabled={index === 0} aria-label={t('stage.earlier', { title: talk.title })} onClick={() => session.command({ type: 'stageQueueMove', talkId: talk.id, index: index - 1 })}>
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === view.queue.length - 1}
                    aria-label={t('stage.later', { title: talk.title })}
                    onClick={() => session.command({ type: 'stageQueueMove', talkId: talk.id, index: index + 1 })}
                  >
                    ↓
                  </button>
                  <button type="button" aria-label={t('stage.removeTalk', { title: talk.title })} onClick={() => session.command({ type: 'stageQueueRemove', talkId: talk.id })}>
                    <Icon name="close" />
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {moderator && <AddTalk session={session} people={people.filter((p) => !p.listening)} defaultMinutes={Math.round(view.defaultSeconds / 60)} />}
      {moderator && (
        <button type="button" class="danger" onClick={() => session.command({ type: 'stageMode', active: false, defaultMinutes: Math.round(view.defaultSeconds / 60) })}>
          {t('stage.turnOff')}
        </button>
      )}
    </>
  );
}

function AddTalk({ session, people, defaultMinutes }: { session: MeetingSession; people: ParticipantView[]; defaultMinutes: number }) {
  const [speaker, setSpeaker] = useState('');
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState(defaultMinutes);
  const chosen = people.some((p) => p.id === speaker) ? speaker : '';
  return (
    <form
      class="stage-add"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen || !title.trim()) return;
        session.command({ type: 'stageQueueAdd', participantId: chosen, title: title.trim(), minutes });
        setTitle('');
      }}
    >
      <h3>{t('stage.addTalk')}</h3>
      <label>
        {t('stage.speaker')}
        <select value={chosen} onChange={(e) => setSpeaker(e.currentTarget.value)}>
          <option value="">{t('stage.chooseSpeaker')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('stage.talkTitle')}
        <input maxLength={120} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        {t('stage.talkMinutes')}
        <input type="number" min={1} max={120} value={minutes} onInput={(e) => setMinutes(minutesWithin(e.currentTarget.valueAsNumber))} />
      </label>
      <button type="submit" class="primary">
        {t('stage.add')}
      </button>
    </form>
  );
}
