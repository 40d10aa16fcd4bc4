import { useEffect, useRef, useState } from 'preact/hooks';
import type { ParticipantView } from '@moot/protocol';
import type { RemoteTrack } from '../media/subscriber.ts';
import { Icon } from '../ui/icons.tsx';
import { TrackAudio, TrackVideo } from '../ui/video.tsx';
import { pageSize, tileOrder, type TileView } from './view.ts';

interface TilesProps {
  people: ParticipantView[];
  selfId: string | null;
  remote: RemoteTrack[];
  mix: MediaStreamTrack | null;
  selfCamera: MediaStreamTrack | null;
  selfScreen: MediaStreamTrack | null;
  audioOnly: boolean;
  /** Whose video the server sends at a lower quality because our link is congested. */
  degraded: Set<string>;
  /** Receives the tiles on screen after every layout change. */
  onView: (tiles: TileView[]) => void;
}

function remoteVideo(remote: RemoteTrack[], participantId: string, source: 'camera' | 'screen') {
  return remote.find((t) => t.participantId === participantId && t.source === source)?.track ?? null;
}

/** Screen shares large in front, a page of camera tiles, and the mixed sound of everyone else. */
export function Tiles(props: TilesProps) {
  const { people, selfId, remote, audioOnly } = props;
  const stage = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(() => innerWidth);
  const [page, setPage] = useState(0);
  const size = pageSize(width);
  const ordered = tileOrder(people, selfId, size);
  const pages = Math.max(1, Math.ceil(ordered.length / size));
  const current = Math.min(page, pages - 1);
  const visible = ordered.slice(current * size, (current + 1) * size);
  const sharing = people.filter((p) => p.screenSharing && p.id !== selfId);
  const hasStage = sharing.length > 0 || props.selfScreen !== null;

  // Report what is on screen after every render; the reporter drops repeats.
  useEffect(() => {
    const root = stage.current;
    if (!root) return;
    const tiles: TileView[] = [];
    for (const element of root.querySelectorAll<HTMLElement>('[data-screen-of]')) {
      tiles.push({ participantId: element.dataset.screenOf ?? '', source: 'screen', height: Math.round(element.clientHeight) });
    }
    for (const element of root.querySelectorAll<HTMLElement>('[data-tile-for]')) {
      if (element.dataset.tileFor !== selfId) tiles.push({ participantId: element.dataset.tileFor ?? '', source: 'camera', height: Math.round(element.clientHeight) });
    }
    props.onView(tiles);
  });

  useEffect(() => {
    const root = stage.current;
    if (!root) return;
    const observer = new ResizeObserver(() => setWidth(innerWidth));
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={stage} class={hasStage ? 'stage with-screens' : 'stage'}>
      {hasStage && (
        <div class="screens">
          {props.selfScreen && (
            <figure class="tile screen">
              <TrackVideo track={props.selfScreen} data-self="true" data-source="screen" />
              <figcaption class="label">Your screen</figcaption>
            </figure>
          )}
          {sharing.map((person) => {
            const track = audioOnly ? null : remoteVideo(remote, person.id, 'screen');
            return (
              <figure class="tile screen" key={person.id} data-screen-of={audioOnly ? undefined : person.id}>
                {track ? <TrackVideo track={track} data-participant-id={person.id} data-source="screen" /> : <p class="placeholder">Loading the screen…</p>}
                <figcaption class="label">{person.name}’s screen</figcaption>
              </figure>
            );
          })}
        </div>
      )}
      <div class="grid" style={gridShape(visible.length)}>
        {visible.map((person) => {
          const isSelf = person.id === selfId;
          const track = isSelf ? props.selfCamera : audioOnly ? null : remoteVideo(remote, person.id, 'camera');
          return <CameraTile key={person.id} person={person} isSelf={isSelf} track={person.videoMuted ? null : track} reported={!audioOnly} degraded={props.degraded.has(person.id)} />;
        })}
      </div>
      {pages > 1 && (
        <div class="pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous page
          </button>
          <span>
            Page {current + 1} of {pages}
          </span>
          <button type="button" disabled={current === pages - 1} onClick={() => setPage(current + 1)}>
            Next page
          </button>
        </div>
      )}
      {props.mix && (
        <div hidden>
          <TrackAudio track={props.mix} />
        </div>
      )}
    </div>
  );
}

function CameraTile(props: { person: ParticipantView; isSelf: boolean; track: MediaStreamTrack | null; reported: boolean; degraded: boolean }) {
  const { person, isSelf, track } = props;
  const classes = ['tile', person.speaking && 'speaking', !person.connected && 'away'].filter(Boolean).join(' ');
  return (
    <figure class={classes} data-tile-for={props.reported ? person.id : undefined}>
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
        {person.handRaisedAt && <Icon name="hand" class="hand" role="img" aria-label="Hand raised" aria-hidden="false" />}
        {person.audioMuted && <Icon name="micOff" class="muted-mic" role="img" aria-label="Microphone muted" aria-hidden="false" />}
        <span>{isSelf ? `${person.name} (you)` : person.name}</span>
      </figcaption>
      {props.degraded && track && (
        <span class="degraded" title="Your connection is busy, so this video is sent at a lower quality">
          Lower quality
        </span>
      )}
    </figure>
  );
}

/** Columns and rows for wide and for narrow (portrait phone) screens; CSS picks one pair. */
function gridShape(count: number): Record<string, string> {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : count <= 16 ? 4 : 5;
  const narrowCols = count <= 2 ? 1 : count <= 6 ? 2 : 3;
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
