import { useState } from 'preact/hooks';
import type { ClientMessage, LobbyEntryView, MeetingRole, ModerationAction, ParticipantView } from '@moot/protocol';
import { useConfirm } from '../ui/dialog.tsx';
import { Icon } from '../ui/icons.tsx';

const roleLabels: Record<MeetingRole, string | null> = { moderator: 'moderator', participant: null, guest: 'guest' };

interface ListProps {
  people: ParticipantView[];
  selfId: string | null;
  /** Set when the person at this screen moderates: the list then offers moderation. */
  moderate?: (message: ClientMessage) => void;
}

/** Everyone in the meeting; raised hands are numbered in the order they went up. */
export function ParticipantList(props: ListProps) {
  const hands = props.people
    .filter((p) => p.handRaisedAt)
    .sort((a, b) => (a.handRaisedAt ?? '').localeCompare(b.handRaisedAt ?? ''))
    .map((p) => p.id);
  return (
    <ul class="participants" aria-label="Participants">
      {props.people.map((person) => (
        <Person
          key={person.id}
          person={person}
          isSelf={person.id === props.selfId}
          handPlace={hands.indexOf(person.id) + 1}
          moderate={person.id === props.selfId ? undefined : props.moderate}
        />
      ))}
    </ul>
  );
}

function Person(props: { person: ParticipantView; isSelf: boolean; handPlace: number; moderate?: ListProps['moderate'] }) {
  const { person, moderate } = props;
  const [open, setOpen] = useState(false);
  const { confirm, dialog } = useConfirm();
  const act = (action: ModerationAction) => {
    moderate?.({ type: 'moderate', action, target: person.id });
    setOpen(false);
  };
  const remove = async () => {
    const message = 'They leave the meeting at once, and a moderator has to admit them if they come back.';
    if (await confirm({ title: `Remove ${person.name} from the meeting?`, message, confirmLabel: 'Remove', danger: true })) act('remove');
  };

  return (
    <li
      data-participant-id={person.id}
      data-speaking={String(person.speaking)}
      class={[person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ')}
    >
      <div class="person-row">
        <span class="person">
          <span class="name">
            {person.name}
            {props.isSelf && ' (you)'}
          </span>
          {roleLabels[person.role] && <span class="role">{roleLabels[person.role]}</span>}
          {!person.connected && <span class="role">reconnecting</span>}
          {person.quality !== 'good' && <span class={`role quality-${person.quality}`}>{person.quality} connection</span>}
        </span>
        <span class="states">
          {props.handPlace > 0 && (
            <span class="hand-place" role="img" aria-label={`Hand raised, number ${props.handPlace}`}>
              <Icon name="hand" />
              {props.handPlace}
            </span>
          )}
          <Icon
            name={person.audioMuted ? 'micOff' : 'mic'}
            class={person.audioMuted ? 'off' : ''}
            role="img"
            aria-hidden="false"
            aria-label={person.audioMuted ? 'Microphone muted' : 'Microphone on'}
          />
          <Icon
            name={person.videoMuted ? 'cameraOff' : 'camera'}
            class={person.videoMuted ? 'off' : ''}
            role="img"
            aria-hidden="false"
            aria-label={person.videoMuted ? 'Camera off' : 'Camera on'}
          />
          {moderate && (
            <button type="button" class="icon-button" aria-label={`Actions for ${person.name}`} aria-expanded={open} onClick={() => setOpen(!open)}>
              <Icon name="more" />
            </button>
          )}
        </span>
      </div>
      {moderate && open && (
        <div class="person-actions">
          {/* The role first and removal last, apart: "Remove moderator" and "Remove" must not be mistaken. */}
          {person.role === 'moderator' ? (
            <button onClick={() => act('demote')}>Remove moderator</button>
          ) : (
            <button onClick={() => act('promote')}>Make moderator</button>
          )}
          {!person.audioMuted && <button onClick={() => act('mute')}>Mute</button>}
          {person.audioMuted && <button onClick={() => act('askUnmute')}>Ask to unmute</button>}
          {!person.videoMuted && <button onClick={() => act('stopVideo')}>Stop video</button>}
          {person.handRaisedAt && <button onClick={() => act('lowerHand')}>Lower hand</button>}
          <button class="danger remove" onClick={() => void remove()}>
            Remove
          </button>
        </div>
      )}
      {dialog}
    </li>
  );
}

/** People waiting for a moderator, with the decision at hand. */
export function Lobby(props: { waiting: LobbyEntryView[]; decide: (message: ClientMessage) => void }) {
  if (props.waiting.length === 0) return null;
  return (
    <section class="lobby" aria-label="Waiting to join">
      <h3>Waiting to join ({props.waiting.length})</h3>
      <ul>
        {props.waiting.map((entry) => (
          <li key={entry.id}>
            <span class="name">
              {entry.name}
              {entry.guest && <span class="role"> guest</span>}
            </span>
            <span class="actions">
              {/* Named after the person, so a screen reader tells the buttons of several people apart. */}
              <button class="primary" aria-label={`Admit ${entry.name}`} onClick={() => props.decide({ type: 'admit', id: entry.id })}>
                Admit
              </button>
              <button aria-label={`Deny ${entry.name}`} onClick={() => props.decide({ type: 'deny', id: entry.id })}>
                Deny
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
