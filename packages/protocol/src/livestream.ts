import { z } from 'zod';
import { MAX_LIVESTREAM_DESTINATIONS } from './livestream-plain.ts';

export * from './livestream-plain.ts';

/**
 * Livestreams: a moderator starts the meeting's program (its mix with the active speaker's video
 * or the shared screen) towards the room's RTMP(S) destinations; everyone in the meeting is told
 * it is live, and moderators hear when a destination fails and when it is back.
 *
 * A destination's stream key is write-only: browsers send it and never get it back.
 */

/** Starts (`active: true`) or stops the meeting's livestream. Moderators only. */
export const LivestreamSet = z.strictObject({ type: z.literal('livestream'), active: z.boolean() });

export const livestreamClientMessages = [LivestreamSet] as const;

export type LivestreamServerMessage =
  | {
      /** Sent to everyone when the stream starts or stops, and to each person entering while it is live. */
      type: 'livestreamState';
      active: boolean;
      /** Who started or stopped it; absent when the server stopped it (no destination works any more, the media server restarted). */
      by?: string;
    }
  | {
      /** Moderators only: a destination stopped taking the stream (moot tries again) or took it again. */
      type: 'livestreamDestination';
      name: string;
      state: 'failing' | 'live';
      /** With `failing`: seconds until the next attempt. */
      retryInSeconds?: number;
    };

const RtmpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^rtmps?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(value), { message: 'an RTMP address: rtmp://host/app or rtmps://host/app, without the stream key' });

const StreamKey = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[\x21-\x7e]+$/, { message: 'a stream key has no spaces or special characters' });

export const LivestreamDestinationInput = z.strictObject({
  /** A destination already saved: without `streamKey`, its stored key is kept. */
  id: z.string().min(1).max(32).optional(),
  name: z.string().trim().min(1).max(60),
  url: RtmpUrl,
  streamKey: StreamKey.optional(),
});

/** Replaces the room's destinations with this list (PUT). */
export const LivestreamDestinationsBody = z.strictObject({
  destinations: z
    .array(LivestreamDestinationInput)
    .max(MAX_LIVESTREAM_DESTINATIONS)
    .refine((list) => list.every((d) => d.id !== undefined || d.streamKey !== undefined), { message: 'a new destination needs its stream key' }),
});
export type LivestreamDestinationsBody = z.input<typeof LivestreamDestinationsBody>;

export interface LivestreamDestinationView {
  id: string;
  name: string;
  url: string;
}

export interface LivestreamDestinationsResponse {
  destinations: LivestreamDestinationView[];
}

/** The room's HLS setting (PUT). `newLink: true` replaces the link, so the old one stops working. */
export const LivestreamHlsBody = z.strictObject({
  access: z.enum(['off', 'public', 'link']),
  newLink: z.boolean().default(false),
});
export type LivestreamHlsBody = z.input<typeof LivestreamHlsBody>;

export interface LivestreamHlsResponse {
  access: 'off' | 'public' | 'link';
  /** The playlist's address while access is not `off` (with the link's key as its password when `link`). */
  url?: string;
}
