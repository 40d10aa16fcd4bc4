import { useState } from 'preact/hooks';
import type { ParticipantView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { VideoTile, type TileSources } from './tile.tsx';
import { gridPage, pageSize } from './view.ts';

/** Screen shares large in front and a page of camera tiles, all of the same size. */
export function GridView(props: { people: ParticipantView[]; sources: TileSources }) {
  const { people, sources } = props;
  const [page, setPage] = useState(0);
  const grid = gridPage(people, sources.selfId, sources.selfScreen !== null, pageSize(innerWidth), page);
  const { cameras: visible, pages, page: current } = grid;
  const personOf = (id: string) => people.find((p) => p.id === id);

  return (
    <div class={grid.screens.length > 0 ? 'grid-view with-screens' : 'grid-view'}>
      {grid.screens.length > 0 && (
        <div class="screens">
          {grid.screens.map((shown) => {
            const person = personOf(shown.participantId);
            return person && <VideoTile key={person.id} person={person} source="screen" sources={sources} />;
          })}
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
            {t('grid.previous')}
          </button>
          <span>{t('grid.page', { page: current + 1, pages })}</span>
          <button type="button" disabled={current === pages - 1} onClick={() => setPage(current + 1)}>
            {t('grid.next')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Columns and rows for wide and for narrow (portrait phone) screens; CSS picks one pair. */
function gridShape(count: number): Record<string, string> {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : count <= 16 ? 4 : 5;
  // Portrait tiles fill the height: up to three people stack in one column, each still wide.
  const narrowCols = count <= 3 ? 1 : count <= 8 ? 2 : 3;
  return {
    '--cols': String(cols),
    '--rows': String(Math.ceil(count / cols)),
    '--cols-narrow': String(narrowCols),
    '--rows-narrow': String(Math.ceil(count / narrowCols)),
  };
}
