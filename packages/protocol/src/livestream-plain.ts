/** Livestream values the browser needs without the schemas (see livestream.ts). */

/** A room holds at most this many destinations. */
export const MAX_LIVESTREAM_DESTINATIONS = 5;

export const livestreamDestinationsPath = (roomId: string) => `/api/rooms/${roomId}/livestream-destinations`;
