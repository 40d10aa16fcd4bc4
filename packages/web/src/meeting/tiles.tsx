import { useEffect, useRef, useState } from 'preact/hooks';
import type { ParticipantView } from '@moot/protocol';
import { TrackAudio } from '../ui/video.tsx';
import { GridView } from './grid-view.tsx';
import { SpeakerView } from './speaker-view.tsx';
import type { TileSources } from './tile.tsx';
import type { TileView } from './view.ts';

export type Layout = 'grid' | 'speaker';

interface TilesProps extends TileSources {
  layout: Layout;
  people: ParticipantView[];
  mix: MediaStreamTrack | null;
  /** Where the mix plays (an output device id); the browser's default when empty. */
  speakerId: string | undefined;
  /** Receives the tiles on screen after every layout change. */
  onView: (tiles: TileView[]) => void;
}

/** The video tiles in the chosen layout, and the mixed sound of everyone else. */
export function Tiles(props: TilesProps) {
  const { layout, people, mix, speakerId, onView, ...sources } = props;
  const stage = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: innerWidth, height: innerHeight });

  // Report what is on screen after every render (the reporter drops repeats): whatever the
  // layout, the tiles marked for the report carry their real height.
  useEffect(() => {
    const root = stage.current;
    if (root) onView(reportedTiles(root));
  });

  // Tile heights follow the stage's size, not only the window's: re-render when it changes.
  useEffect(() => {
    const root = stage.current;
    if (!root) return;
    const observer = new ResizeObserver(() => setSize({ width: root.clientWidth, height: root.clientHeight }));
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={stage} class={`stage stage-${layout}`}>
      {layout === 'speaker' ? <SpeakerView people={people} sources={sources} width={size.width} /> : <GridView people={people} sources={sources} />}
      {mix && (
        <div hidden>
          <TrackAudio track={mix} sinkId={speakerId} />
        </div>
      )}
    </div>
  );
}

function reportedTiles(root: HTMLElement): TileView[] {
  const tiles: TileView[] = [];
  for (const element of root.querySelectorAll<HTMLElement>('[data-screen-of]')) {
    tiles.push({ participantId: element.dataset.screenOf ?? '', source: 'screen', height: Math.round(element.clientHeight) });
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-tile-for]')) {
    tiles.push({ participantId: element.dataset.tileFor ?? '', source: 'camera', height: Math.round(element.clientHeight) });
  }
  return tiles;
}
