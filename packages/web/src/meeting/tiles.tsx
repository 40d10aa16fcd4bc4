import type { ParticipantView } from '@moot/protocol';
import type { RemoteTrack } from '../media/subscriber.ts';
import { Icon } from '../ui/icons.tsx';
import { TrackAudio, TrackVideo } from '../ui/video.tsx';

interface TilesProps {
  people: ParticipantView[];
  selfId: string | null;
  remote: RemoteTrack[];
  selfCamera: MediaStreamTrack | null;
  selfScreen: MediaStreamTrack | null;
}

function remoteVideo(remote: RemoteTrack[], participantId: string, source: 'camera' | 'screen') {
  return remote.find((t) => t.participantId === participantId && t.source === source && t.kind === 'video')?.track ?? null;
}

/** Everyone's camera in a grid, screen shares large in front of it, and every remote voice. */
export function Tiles(props: TilesProps) {
  const { people, selfId, remote } = props;
  const screens = remote.filter((t) => t.source === 'screen' && t.kind === 'video');
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? 'Someone';
  const hasStage = screens.length > 0 || props.selfScreen !== null;

  return (
    <div class={hasStage ? 'stage with-screens' : 'stage'}>
      {hasStage && (
        <div class="screens">
          {props.selfScreen && (
            <figure class="tile screen">
              <TrackVideo track={props.selfScreen} data-self="true" data-source="screen" />
              <figcaption class="label">Your screen</figcaption>
            </figure>
          )}
          {screens.map((screen) => (
            <figure class="tile screen" key={screen.mid}>
              <TrackVideo track={screen.track} data-participant-id={screen.participantId} data-source="screen" />
              <figcaption class="label">{nameOf(screen.participantId)}’s screen</figcaption>
            </figure>
          ))}
        </div>
      )}
      <div class="grid" style={gridShape(people.length)}>
        {people.map((person) => {
          const isSelf = person.id === selfId;
          const track = isSelf ? props.selfCamera : remoteVideo(remote, person.id, 'camera');
          return <CameraTile key={person.id} person={person} isSelf={isSelf} track={person.videoMuted ? null : track} />;
        })}
      </div>
      <div hidden>
        {remote
          .filter((t) => t.kind === 'audio')
          .map((t) => (
            <TrackAudio key={t.mid} track={t.track} participantId={t.participantId} />
          ))}
      </div>
    </div>
  );
}

function CameraTile(props: { person: ParticipantView; isSelf: boolean; track: MediaStreamTrack | null }) {
  const { person, isSelf, track } = props;
  const classes = ['tile', person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ');
  return (
    <figure class={classes} data-tile-for={person.id}>
      {track ? (
        isSelf ? (
          <TrackVideo track={track} class="mirror" data-self="true" data-source="camera" />
        ) : (
          <TrackVideo track={track} data-participant-id={person.id} data-source="camera" />
        )
      ) : (
        <div class="avatar" aria-hidden="true">
          {initials(person.name)}
        </div>
      )}
      <figcaption class="label">
        {person.audioMuted && <Icon name="micOff" class="muted-mic" role="img" aria-label="Microphone muted" aria-hidden="false" />}
        <span>{isSelf ? `${person.name} (you)` : person.name}</span>
      </figcaption>
    </figure>
  );
}

/** Columns and rows for wide and for narrow (portrait phone) screens; CSS picks one pair. */
function gridShape(count: number): Record<string, string> {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : 4;
  const narrowCols = count <= 2 ? 1 : 2;
  return {
    '--cols': String(cols),
    '--rows': String(Math.ceil(count / cols)),
    '--cols-narrow': String(narrowCols),
    '--rows-narrow': String(Math.ceil(count / narrowCols)),
  };
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?';
}
