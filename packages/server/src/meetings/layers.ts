import type { VideoLayerView } from '@moot/protocol';

/** Simulcast layers as Janus numbers them (substream 0 is the smallest). */
export const LAYERS = ['low', 'medium', 'high'] as const;
export type Layer = 0 | 1 | 2;

/**
 * The layer a tile of this CSS height needs. The camera sends 1/4, 1/2 and full resolution
 * (up to 720 lines); a tile gets the smallest layer that still fills it.
 */
export function layerForHeight(height: number): Layer {
  if (height > 270) return 2;
  if (height > 135) return 1;
  return 0;
}

/** The layer chosen for a tile, lowered one step while the subscriber's link is congested. */
export function chooseLayer(height: number, congested: boolean): { layer: Layer; reason: VideoLayerView['reason'] } {
  const wanted = layerForHeight(height);
  if (congested && wanted > 0) return { layer: (wanted - 1) as Layer, reason: 'bandwidth' };
  return { layer: wanted, reason: wanted < 2 ? 'tile-size' : null };
}
