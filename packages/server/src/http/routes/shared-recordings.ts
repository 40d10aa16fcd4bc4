import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OpenShareLinkBody, routes, type SharedRecordingView } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { audit } from '../../audit/audit.ts';
import { shareLinkFor } from '../../recordings/share-links.ts';
import { recordedMeeting } from '../../recordings/recorded-meetings.ts';
import { findRecording } from '../../recordings/store.ts';
import { findRoom } from '../../rooms/rooms.ts';
import { suspensionRefusal } from '../../orgs/quotas.ts';
import { HttpError, parse } from '../errors.ts';
import { sendMedia } from './media.ts';

/** Holds the link's token for its media path only, so the video element's Range requests carry it. */
const SHARE_COOKIE = 'moot_share';
/** A watcher who keeps the page open longer opens the link again by reloading it. */
const SHARE_COOKIE_SECONDS = 6 * 3600;

/**
 * What a time-limited link opens, without an account: one recording's name, its video and what
 * its meeting left with it (shared notes, published polls); no chat, no other recording, no
 * management. The token never travels in a request path, where proxies would log it: the page
 * posts it from the URL's fragment, and the answer puts it in a cookie bound to that link's
 * media path, which the browser sends with each of the video's Range requests (a media element cannot add headers). The link is looked up on every request,
 * so an expired or revoked one stops at once, mid-stream seeks included.
 */
export function sharedRecordingRoutes(app: FastifyInstance, { db, config, recordings }: Services): void {
  async function open(token: string | undefined, linkId?: string) {
    const parsed = OpenShareLinkBody.shape.token.safeParse(token);
    const link = parsed.success ? await shareLinkFor(db, parsed.data) : undefined;
    const row = link && (linkId === undefined || link.id === linkId) ? await findRecording(db, link.recording_id) : undefined;
    if (!link || !row?.wrapped_key || row.state !== 'ready') throw new HttpError('invalid-share-link');
    const room = await findRoom(db, row.room_id);
    const refusal = room && (await suspensionRefusal(db, room.organization_id));
    if (refusal) throw new HttpError(refusal);
    return { link, row };
  }

  app.post(routes.sharedRecording, async (request, reply): Promise<{ recording: SharedRecordingView }> => {
    const { token } = parse(OpenShareLinkBody, request.body);
    const { link, row } = await open(token);
    const media = routes.sharedRecordingMedia(link.id);
    const secondsLeft = Math.floor((Date.parse(link.expires_at) - Date.now()) / 1000);
    reply.setCookie(SHARE_COOKIE, token, {
      path: media,
      httpOnly: true,
      sameSite: 'strict',
      secure: config.http.publicUrl.startsWith('https:'),
      maxAge: Math.max(1, Math.min(SHARE_COOKIE_SECONDS, secondsLeft)),
    });
    reply.header('cache-control', 'no-store');
    return { recording: { name: row.name, durationMs: row.duration_ms, expiresAt: link.expires_at, media, meeting: await recordedMeeting(db, row) } };
  });

  app.get(routes.sharedRecordingMedia(':linkId'), async (request: FastifyRequest<{ Params: { linkId: string } }>, reply) => {
    const { link, row } = await open(request.cookies[SHARE_COOKIE], request.params.linkId);
    // A view begins at the first byte (a player's first request, or a whole download); a seek within it is not a new view.
    const range = request.headers.range;
    if (!range || /^bytes=0-/.test(range)) {
      await audit(db, { actor: `link:${link.id}`, action: 'recording.link-view', target: row.id, origin: request.ip, details: { link: link.id, room: row.room_id } });
    }
    return sendMedia(recordings.vault, request, reply, row, false);
  });
}
