import { z } from 'zod';

/**
 * "Listen and chat": a person whose browser has no WebRTC (Tor Browser) joins with `listenOnly`.
 * They take no seat in the mix and send or receive nothing over WebRTC; the meeting's mix
 * reaches them as an Ogg/Opus stream over plain HTTP, and the chat, the participant list and
 * raised hands work as for everyone.
 *
 * The stream's address carries a token that is good for one request within a minute and only
 * for this person in this meeting: the page asks for a fresh one (`listen`) each time it
 * (re)starts the stream, so an address that lands in a log is worthless soon after.
 */

/** Asks for the address of this listener's audio stream. */
export const ListenRequest = z.strictObject({ type: z.literal('listen') });

export const listenClientMessages = [ListenRequest] as const;

/** How long a stream address may wait for its request. */
export const LISTEN_TOKEN_SECONDS = 60;

export type ListenServerMessage = {
  type: 'listenStream';
  /** Same-origin path of the Ogg/Opus stream (`/listen/<room>.ogg?token=…`), good for one request. */
  path: string;
  /** ISO 8601: the token is refused after this. */
  expiresAt: string;
};

/** The HTTP route of a room's audio stream (the token goes in the query: `?token=`). */
export const listenRoutes = {
  stream: (roomId: string) => `/api/rooms/${roomId}/listen`,
};

export const ListenQuery = z.strictObject({ token: z.string().min(16).max(100).optional() });
