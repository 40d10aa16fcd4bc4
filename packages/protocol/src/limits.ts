/** Sizes both sides enforce (no zod here: the browser bundle stays small). */

/** Largest signaling message the server reads, in bytes; larger ones get `message-too-large`. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_CHAT_LENGTH = 2000;
/** Most video tiles one browser can ask for (the largest page). */
export const MAX_TILES = 25;

/**
 * The camera's simulcast layers, highest first as the media server expects: full, 1/2 and 1/4
 * resolution, each with the most bits/s its encoder may use. The server picks one per viewer
 * from the height of the tile it is shown in.
 */
export const CAMERA_LAYERS = [
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 600_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 200_000 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 80_000 },
] as const;

/**
 * Bitrate caps (bits/s) the media server asks each video sender to keep to. The camera's is its
 * layers' caps together plus a quarter for packet headers and retransmissions: Firefox turns a
 * layer on only when its estimate covers that layer's whole cap on top of the lower layers', so
 * a cap at the bare sum leaves the top layer off.
 */
export const CAMERA_MAX_BITRATE = Math.round(CAMERA_LAYERS.reduce((sum, layer) => sum + layer.maxBitrate, 0) * 1.25);
export const SCREEN_MAX_BITRATE = 1_500_000;

/** A poll: its question, each answer offered, and how many answers. */
export const MAX_POLL_QUESTION = 300;
export const MAX_POLL_OPTION = 100;
export const MAX_POLL_OPTIONS = 10;
/** Breakout rooms: how many at once, and for how long. */
export const MIN_BREAKOUT_ROOMS = 2;
export const MAX_BREAKOUT_ROOMS = 20;
export const MAX_BREAKOUT_MINUTES = 240;
