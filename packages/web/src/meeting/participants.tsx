import type { MeetingRole, ParticipantView } from '@moot/protocol';
import { Icon } from '../ui/icons.tsx';

const roleLabels: Record<MeetingRole, string | null> = { moderator: 'moderator', participant: null, guest: 'guest' };

export function ParticipantList(props: { people: ParticipantView[]; selfId: string | null }) {
  return (
    <ul class="participants" aria-label="Participants">
      {props.people.map((person) => (
        <li
          key={person.id}
          data-participant-id={person.id}
          data-speaking={String(person.speaking)}
          class={[person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ')}
        >
          <span class="person">
            <span class="name">
              {person.name}
              {person.id === props.selfId && ' (you)'}
            </span>
            {roleLabels[person.role] && <span class="role">{roleLabels[person.role]}</span>}
            {!person.connected && <span class="role">reconnecting</span>}
          </span>
          <span class="states">
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
          </span>
        </li>
      ))}
    </ul>
  );
}
