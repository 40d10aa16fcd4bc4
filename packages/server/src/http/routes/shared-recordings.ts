import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ShareLinkToken, routes, type SharedRecordingView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { audit } from '../../audit/audit.ts';
import { shareLinkFor } from '../../recordings/share-links.ts';
import { findRecording } from '../../recordings/store.ts';
import { HttpError } from '../errors.ts';
import { sendMedia } from './media.ts';

/**
 * What a time-limited link opens, without an account: one recording's name and its video, no
 * notes, no other recording, no management. The link is looked up on every request, so an
 * expired or revoked one stops at once, mid-stream seeks included.
 */
export function sharedRecordingRoutes(app: FastifyInstance, { db, recordings }: Services): void {
  async function open(request: FastifyRequest) {
    const parsed = ShareLinkToken.safeParse((request.params as { token?: string }).token);
    const link = parsed.success ? await shareLinkFor(db, parsed.data) : undefined;
    const row = link ? await findRecording(db, link.recording_id) : undefined;
    if (!parsed.success || !link || !row?.wrapped_key || row.state !== 'ready') throw new HttpError('invalid-share-link');
    return { token: parsed.data, link, row };
  }

  app.get(routes.sharedRecording(':token'), async (request): Promise<{ recording: SharedRecordingView }> => {
    const { token, link, row } = await open(request);
    return { recording: { name: row.name, durationMs: row.duration_ms, expiresAt: link.expires_at, media: routes.sharedRecordingMedia(token) } };
  });

  app.get(routes.sharedRecordingMedia(':token'), async (request, reply) => {
    const { link, row } = await open(request);
    // A view begins at the first byte (a player's first request, or a whole download); a seek within it is not a new view.
    const range = request.headers.range;
    if (!range || /^bytes=0-/.test(range)) {
      await audit(db, { actor: `link:${link.id}`, action: 'recording.link-view', target: row.id, origin: request.ip, details: { link: link.id, room: row.room_id } });
    }
    return sendMedia(recordings.vault, request, reply, row, false);
  });
}
