/** Livestream values the browser needs without the schemas (see livestream.ts). */

/** A room holds at most this many destinations. */
export const MAX_LIVESTREAM_DESTINATIONS = 5;

export const livestreamDestinationsPath = (roomId: string) => `/api/rooms/${roomId}/livestream-destinations`;

/** Who may watch a room's livestream as HLS served by moot: nobody, anyone, or those with the room's current link. */
export type LivestreamHlsAccess = 'off' | 'public' | 'link';

export const livestreamHlsPath = (roomId: string) => `/api/rooms/${roomId}/livestream-hls`;
