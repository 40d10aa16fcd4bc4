import type { ParticipantView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { filmstripFor, spotlightFor, useSteadySpotlight } from './speaker.ts';
import { VideoTile, type TileSources } from './tile.tsx';

const GAP_PX = 8;
/** Most small tiles: more would each be too small to recognise anyone on a wide screen. */
const MAX_FILMSTRIP = 8;

/**
 * Filmstrip tile width for a stage this wide. At 16:9 both sizes stay under the height for
 * which the server sends the lowest layer, so the filmstrip costs little bandwidth.
 */
function stripTileWidth(stageWidth: number): number {
  return stageWidth < 600 ? 112 : 192;
}

/** The active speaker (or a screen share) in one large tile, the next few people small beneath. */
export function SpeakerView(props: { people: ParticipantView[]; sources: TileSources; width: number }) {
  const { people, sources, width } = props;
  const spotlight = useSteadySpotlight(spotlightFor(people, sources.selfId), people);
  const tileWidth = stripTileWidth(width);
  const capacity = Math.max(1, Math.min(MAX_FILMSTRIP, Math.floor((width + GAP_PX) / (tileWidth + GAP_PX))));
  const strip = filmstripFor(people, sources.selfId, sources.selfScreen !== null, spotlight, capacity);
  const personOf = (id: string) => people.find((p) => p.id === id);
  const large = spotlight && personOf(spotlight.participantId);

  return (
    <div class="speaker-view">
      <section class="spotlight" aria-label={t('speaker.active')}>
        {spotlight && large && <VideoTile key={`${spotlight.source}:${large.id}`} person={large} source={spotlight.source} sources={sources} />}
      </section>
      {strip.length > 0 && (
        <section class="filmstrip" aria-label={t('speaker.filmstrip')} style={{ '--strip-tile': `${tileWidth}px`, '--strip-gap': `${GAP_PX}px` }}>
          {strip.map((item) => {
            const person = personOf(item.participantId);
            return person && <VideoTile key={`${item.source}:${person.id}`} person={person} source={item.source} sources={sources} />;
          })}
        </section>
      )}
    </div>
  );
}
