import { useState } from 'preact/hooks';
import type { ClientMessage, LobbyEntryView, MeetingRole, ModerationAction, ParticipantView, StagePlace } from '@moot/protocol';
import { formatNumber, t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Icon } from '../ui/icons.tsx';

function roleLabel(role: MeetingRole): string | null {
  return role === 'participant' ? null : t(`people.role.${role}`);
}

interface ListProps {
  people: ParticipantView[];
  selfId: string | null;
  /** Set when the person at this screen moderates: the list then offers moderation. */
  moderate?: (message: ClientMessage) => void;
  /** Each person's place in the stage event; null without one. */
  placeOf?: (participantId: string) => StagePlace | null;
}

const PLACES: StagePlace[] = ['stage', 'backstage', 'audience'];

/** Everyone in the meeting; raised hands are numbered in the order they went up. */
export function ParticipantList(props: ListProps) {
  const hands = props.people
    .filter((p) => p.handRaisedAt)
    .sort((a, b) => (a.handRaisedAt ?? '').localeCompare(b.handRaisedAt ?? ''))
    .map((p) => p.id);
  return (
    <ul class="participants" aria-label={t('controls.participants')}>
      {props.people.map((person) => (
        <Person
          key={person.id}
          person={person}
          isSelf={person.id === props.selfId}
          handPlace={hands.indexOf(person.id) + 1}
          place={props.placeOf?.(person.id) ?? null}
          moderate={person.id === props.selfId ? undefined : props.moderate}
        />
      ))}
    </ul>
  );
}

function Person(props: { person: ParticipantView; isSelf: boolean; handPlace: number; place: StagePlace | null; moderate?: ListProps['moderate'] }) {
  const { person, moderate, place } = props;
  const [open, setOpen] = useState(false);
  const { confirm, dialog } = useConfirm();
  const act = (action: ModerationAction) => {
    moderate?.({ type: 'moderate', action, target: person.id });
    setOpen(false);
  };
  const remove = async () => {
    const message = t('people.removeText');
    if (await confirm({ title: t('people.removeTitle', { name: person.name }), message, confirmLabel: t('people.remove'), danger: true })) act('remove');
  };

  return (
    <li
      data-participant-id={person.id}
      data-speaking={String(person.speaking)}
      class={[person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ')}
    >
      <div class="person-row">
        <span class="person">
          <span class="name">{props.isSelf ? t('people.you', { name: person.name }) : person.name}</span>
          {roleLabel(person.role) && <span class="role">{roleLabel(person.role)}</span>}
          {person.listening && <span class="role">{t('people.listening')}</span>}
          {place && <span class="role">{t(`stage.place.${place}`)}</span>}
          {!person.connected && <span class="role">{t('people.reconnecting')}</span>}
          {person.quality !== 'good' && <span class={`role quality-${person.quality}`}>{t(`people.quality.${person.quality}`)}</span>}
        </span>
        <span class="states">
          {props.handPlace > 0 && (
            <span class="hand-place" role="img" aria-label={t('people.handPlace', { place: props.handPlace })}>
              <Icon name="hand" />
              {formatNumber(props.handPlace)}
            </span>
          )}
          <Icon
            name={person.audioMuted ? 'micOff' : 'mic'}
            class={person.audioMuted ? 'off' : ''}
            role="img"
            aria-hidden="false"
            aria-label={person.audioMuted ? t('people.micMuted') : t('people.micOn')}
          />
          {person.phone ? (
            <Icon name="phone" role="img" aria-hidden="false" aria-label={t('people.onThePhone')} />
          ) : (
            <Icon
              name={person.videoMuted ? 'cameraOff' : 'camera'}
              class={person.videoMuted ? 'off' : ''}
              role="img"
              aria-hidden="false"
              aria-label={person.videoMuted ? t('people.cameraOff') : t('people.cameraOn')}
            />
          )}
          {moderate && (
            <button type="button" class="icon-button" aria-label={t('people.actionsFor', { name: person.name })} aria-expanded={open} onClick={() => setOpen(!open)}>
              <Icon name="more" />
            </button>
          )}
        </span>
      </div>
      {moderate && open && (
        <div class="person-actions">
          {/* The role first and removal last, apart: "Remove moderator" and "Remove" must not be mistaken. */}
          {person.role === 'moderator' ? (
            <button onClick={() => act('demote')}>{t('people.demote')}</button>
          ) : (
            <button onClick={() => act('promote')}>{t('people.promote')}</button>
          )}
          {!person.audioMuted && <button onClick={() => act('mute')}>{t('people.mute')}</button>}
          {person.audioMuted && <button onClick={() => act('askUnmute')}>{t('people.askUnmute')}</button>}
          {!person.videoMuted && <button onClick={() => act('stopVideo')}>{t('people.stopVideo')}</button>}
          {person.handRaisedAt && <button onClick={() => act('lowerHand')}>{t('controls.lowerHand')}</button>}
          {place &&
            !person.listening &&
            PLACES.filter((to) => to !== place).map((to) => (
              <button
                key={to}
                onClick={() => {
                  moderate({ type: 'stageMove', participantId: person.id, place: to });
                  setOpen(false);
                }}
              >
                {t(`stage.moveTo.${to}`)}
              </button>
            ))}
          {person.phone && <NameCaller person={person} moderate={moderate} done={() => setOpen(false)} />}
          <button class="danger remove" onClick={() => void remove()}>
            {t('people.remove')}
          </button>
        </div>
      )}
      {dialog}
    </li>
  );
}

/** A caller shows as a masked number; a moderator who knows them gives them their name. */
function NameCaller(props: { person: ParticipantView; moderate: NonNullable<ListProps['moderate']>; done: () => void }) {
  const [name, setName] = useState('');
  return (
    <form
      class="name-caller"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        props.moderate({ type: 'renameCaller', target: props.person.id, name: name.trim() });
        props.done();
      }}
    >
      <input aria-label={t('people.callerName', { name: props.person.name })} maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <button type="submit">{t('people.nameCaller')}</button>
    </form>
  );
}

/** People waiting for a moderator, with the decision at hand. */
export function Lobby(props: { waiting: LobbyEntryView[]; decide: (message: ClientMessage) => void }) {
  if (props.waiting.length === 0) return null;
  return (
    <section class="lobby" aria-label={t('lobby.waiting')}>
      <h3>{t('lobby.waitingCount', { count: props.waiting.length })}</h3>
      <ul>
        {props.waiting.map((entry) => (
          <li key={entry.id}>
            <span class="name">
              {entry.name}
              {entry.guest && <span class="role"> {t('people.role.guest')}</span>}
            </span>
            <span class="actions">
              {/* Named after the person, so a screen reader tells the buttons of several people apart. */}
              <button class="primary" aria-label={t('lobby.admitName', { name: entry.name })} onClick={() => props.decide({ type: 'admit', id: entry.id })}>
                {t('lobby.admit')}
              </button>
              <button aria-label={t('lobby.denyName', { name: entry.name })} onClick={() => props.decide({ type: 'deny', id: entry.id })}>
                {t('lobby.deny')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
