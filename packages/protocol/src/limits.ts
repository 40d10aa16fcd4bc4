/** Sizes both sides enforce (no zod here: the browser bundle stays small). */

/** Largest signaling message the server reads, in bytes; larger ones get `message-too-large`. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_CHAT_LENGTH = 2000;
/** Most video tiles one browser can ask for (the largest page). */
export const MAX_TILES = 25;
