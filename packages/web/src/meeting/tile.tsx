import type { ParticipantView, VideoSource } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import type { RemoteTrack } from '../media/subscriber.ts';
import { Icon } from '../ui/icons.tsx';
import { TrackVideo } from '../ui/video.tsx';

/** Everything a tile needs to find its video, the same for every layout. */
export interface TileSources {
  selfId: string | null;
  remote: RemoteTrack[];
  selfCamera: MediaStreamTrack | null;
  selfScreen: MediaStreamTrack | null;
  /** No remote video at all: tiles show avatars and are left out of the view report. */
  audioOnly: boolean;
  /** Whose video the server sends at a lower quality because our link is congested. */
  degraded: Set<string>;
}

/** One person's camera or screen, as the tile for it. */
export function VideoTile(props: { person: ParticipantView; source: VideoSource; sources: TileSources }) {
  const { person, source, sources } = props;
  const isSelf = person.id === sources.selfId;
  const remote = sources.audioOnly ? null : (sources.remote.find((t) => t.participantId === person.id && t.source === source)?.track ?? null);
  if (source === 'screen') return <ScreenTile person={person} isSelf={isSelf} track={isSelf ? sources.selfScreen : remote} reported={!sources.audioOnly} />;
  const track = person.videoMuted ? null : isSelf ? sources.selfCamera : remote;
  return <CameraTile person={person} isSelf={isSelf} track={track} reported={!sources.audioOnly} degraded={sources.degraded.has(person.id)} />;
}

/** Marks your own video as yours, and others' with whose it is (what tests and styles look for). */
function TileVideo(props: { track: MediaStreamTrack; participantId: string; isSelf: boolean; source: VideoSource }) {
  const who = props.isSelf ? { 'data-self': 'true' } : { 'data-participant-id': props.participantId };
  return <TrackVideo track={props.track} class={props.isSelf && props.source === 'camera' ? 'mirror' : undefined} data-source={props.source} {...who} />;
}

/** Only remote videos are in the view report (data-screen-of, data-tile-for): only they are received. */
function ScreenTile(props: { person: ParticipantView; isSelf: boolean; track: MediaStreamTrack | null; reported: boolean }) {
  const { person, isSelf, track } = props;
  return (
    <figure class="tile screen" data-screen-of={props.reported && !isSelf ? person.id : undefined}>
      {track ? (
        <TileVideo track={track} participantId={person.id} isSelf={isSelf} source="screen" />
      ) : (
        <p class="placeholder">{t('tile.loadingScreen')}</p>
      )}
      <figcaption class="label">{isSelf ? t('tile.yourScreen') : t('tile.screenOf', { name: person.name })}</figcaption>
    </figure>
  );
}

/** A camera, or the person's initials while it is off. */
function CameraTile(props: { person: ParticipantView; isSelf: boolean; track: MediaStreamTrack | null; reported: boolean; degraded: boolean }) {
  const { person, isSelf, track } = props;
  const classes = ['tile', person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ');
  return (
    <figure class={classes} data-tile-for={props.reported && !isSelf ? person.id : undefined}>
      {track ? (
        <TileVideo track={track} participantId={person.id} isSelf={isSelf} source="camera" />
      ) : (
        <div class="avatar" aria-hidden="true">
          {initials(person.name)}
        </div>
      )}
      <figcaption class="label">
        {person.handRaisedAt && <Icon name="hand" class="hand" role="img" aria-label={t('tile.handRaised')} aria-hidden="false" />}
        {person.audioMuted && <Icon name="micOff" class="muted-mic" role="img" aria-label={t('people.micMuted')} aria-hidden="false" />}
        <span>{isSelf ? t('people.you', { name: person.name }) : person.name}</span>
      </figcaption>
      {props.degraded && track && (
        <span class="degraded" title={t('tile.degradedWhy')}>
          {t('tile.degraded')}
        </span>
      )}
    </figure>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?';
}
