/** Slides' paths and limits without zod, for the browser bundle. */

export const SLIDES_MIN_ZOOM = 0.5;
export const SLIDES_MAX_ZOOM = 4;
/** The header that carries a person's slides key (from `slidesAccess`) on every slides request. */
export const SLIDES_KEY_HEADER = 'x-moot-slides-key';
/** The header that carries an upload's file name, URL-encoded. */
export const SLIDES_NAME_HEADER = 'x-moot-file-name';

export const slideRoutes = {
  decks: (roomId: string) => `/api/rooms/${roomId}/slides`,
  deck: (roomId: string, deckId: string) => `/api/rooms/${roomId}/slides/${deckId}`,
  file: (roomId: string, deckId: string) => `/api/rooms/${roomId}/slides/${deckId}/file`,
} as const;
