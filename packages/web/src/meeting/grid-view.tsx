import { useState } from 'preact/hooks';
import type { ParticipantView } from '@moot/protocol';
import { VideoTile, type TileSources } from './tile.tsx';
import { pageSize, tileOrder } from './view.ts';

/** Screen shares large in front and a page of camera tiles, all of the same size. */
export function GridView(props: { people: ParticipantView[]; sources: TileSources }) {
  const { people, sources } = props;
  const [page, setPage] = useState(0);
  const size = pageSize(innerWidth);
  const ordered = tileOrder(people, sources.selfId, size);
  const pages = Math.max(1, Math.ceil(ordered.length / size));
  const current = Math.min(page, pages - 1);
  const visible = ordered.slice(current * size, (current + 1) * size);
  const self = people.find((p) => p.id === sources.selfId);
  const sharing = people.filter((p) => p.screenSharing && p !== self);
  const hasScreens = sharing.length > 0 || sources.selfScreen !== null;

  return (
    <div class={hasScreens ? 'grid-view with-screens' : 'grid-view'}>
      {hasScreens && (
        <div class="screens">
          {self && sources.selfScreen && <VideoTile person={self} source="screen" sources={sources} />}
          {sharing.map((person) => (
            <VideoTile key={person.id} person={person} source="screen" sources={sources} />
          ))}
        </div>
      )}
      <div class="grid" style={gridShape(visible.length)}>
        {visible.map((person) => (
          <VideoTile key={person.id} person={person} source="camera" sources={sources} />
        ))}
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
    </div>
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
