/** Sizes both sides enforce (no zod here: the browser bundle stays small). */

/** Largest signaling message the server reads, in bytes; larger ones get `message-too-large`. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_CHAT_LENGTH = 2000;
/** Most video tiles one browser can ask for (the largest page). */
export const MAX_TILES = 25;

/**
 * Bitrate caps (bits/s) the media server asks each video sender to keep to. The camera's cap
 * must exceed the sum of its simulcast layers' caps with room for overhead: Firefox turns a
 * layer on only when its estimate covers that layer's whole cap.
 */
export const CAMERA_MAX_BITRATE = 900_000;
export const SCREEN_MAX_BITRATE = 1_500_000;
