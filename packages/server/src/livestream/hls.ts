import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LivestreamHlsAccess, LivestreamHlsResponse } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { randomSecret } from '../ids.ts';
import type { PushTarget } from './pusher.ts';

/**
 * HLS served by moot itself: while a room is live and its setting allows, one more pusher
 * writes the program as HLS files; anyone (public) or holders of the room's link may fetch them.
 */

export interface HlsSetting {
  access: LivestreamHlsAccess;
  linkKey: string;
}

export async function hlsSetting(db: Db, roomId: string): Promise<HlsSetting> {
  const row = await db.selectFrom('livestream_hls').select(['access', 'link_key']).where('room_id', '=', roomId).executeTakeFirst();
  return row ? { access: row.access as LivestreamHlsAccess, linkKey: row.link_key } : { access: 'off', linkKey: '' };
}

/** Sets who may watch; `newLink` replaces the link's key, so links handed out before stop working. */
export async function setHls(db: Db, roomId: string, access: LivestreamHlsAccess, newLink: boolean): Promise<HlsSetting> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('livestream_hls').select('link_key').where('room_id', '=', roomId).executeTakeFirst();
    const linkKey = !row || newLink ? randomSecret() : row.link_key;
    if (row) await trx.updateTable('livestream_hls').set({ access, link_key: linkKey }).where('room_id', '=', roomId).execute();
    else await trx.insertInto('livestream_hls').values({ room_id: roomId, access, link_key: linkKey }).execute();
    return { access, linkKey };
  });
}

/**
 * A link's key never travels in a request line, which reverse proxies write to their access logs:
 * the link carries it as the password of its user info (`https://live:<key>@host/…`), which
 * players (VLC, ffmpeg, Safari) send as HTTP Basic authentication after moot's challenge. Logs
 * keep at most the user name.
 */
const LINK_USER = 'live';

export function hlsView(publicUrl: string, roomId: string, setting: HlsSetting): LivestreamHlsResponse {
  if (setting.access === 'off') return { access: 'off' };
  const url = new URL(`${publicUrl.replace(/\/+$/, '')}${playlistPath(roomId)}`);
  if (setting.access === 'link') {
    url.username = LINK_USER;
    url.password = setting.linkKey;
  }
  return { access: setting.access, url: url.href };
}

export const playlistPath = (roomId: string) => `/live/${roomId}/index.m3u8`;
export const PLAYLIST = 'index.m3u8';
/** Numbered from the second the stream started, so a stream started again never reuses a name. */
export const SEGMENT = /^seg-\d{1,12}\.ts$/;

/**
 * How long a segment's address in a link holder's playlist works. A player fetches the segments
 * of the playlist it just read; the address a log keeps is worthless soon after.
 */
export const SEGMENT_TOKEN_SECONDS = 30;

/** The password of an `Authorization: Basic` header: the link's key as a player sends it. */
export function basicPassword(authorization: string | undefined): string | undefined {
  const encoded = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function sameSecret(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A segment's token: its expiry and a MAC under the link's key over the room, the segment's name
 * and that expiry. It opens that segment only, until it expires or the link is replaced.
 */
export function segmentToken(setting: HlsSetting, roomId: string, file: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SEGMENT_TOKEN_SECONDS;
  return `${expires}.${segmentMac(setting.linkKey, roomId, file, expires)}`;
}

function segmentMac(linkKey: string, roomId: string, file: string, expires: number): string {
  return createHmac('sha256', linkKey).update(`${roomId}/${file}/${expires}`).digest('base64url');
}

function segmentTokenValid(setting: HlsSetting, roomId: string, file: string, token: string, nowMs: number): boolean {
  const [expiresText, mac] = token.split('.');
  const expires = Number(expiresText);
  if (!mac || !Number.isSafeInteger(expires) || expires * 1000 < nowMs) return false;
  return sameSecret(mac, segmentMac(setting.linkKey, roomId, file, expires));
}

export interface WatchRequest {
  roomId: string;
  file: string;
  /** The request's Authorization header. */
  authorization?: string;
  /** A segment address's token (`?t=`). */
  token?: string;
}

/**
 * May this request fetch the file? Public rooms: yes. Link rooms: with the current link's key as
 * Basic password, or, for a segment, with a token of the playlist the key opened.
 */
export function mayWatch(setting: HlsSetting, request: WatchRequest, nowMs: number): boolean {
  if (setting.access === 'public') return true;
  if (setting.access !== 'link') return false;
  const key = basicPassword(request.authorization);
  if (key !== undefined && sameSecret(key, setting.linkKey)) return true;
  return request.file !== PLAYLIST && request.token !== undefined && segmentTokenValid(setting, request.roomId, request.file, request.token, nowMs);
}

/** The playlist as a link holder gets it: every segment's address carries a token of its own. */
export function playlistFor(text: string, setting: HlsSetting, roomId: string, nowMs: number): string {
  if (setting.access !== 'link') return text;
  return text.replace(/^(seg-\d+\.ts)$/gm, (file) => `${file}?t=${segmentToken(setting, roomId, file, nowMs)}`);
}

/** The pusher writing the HLS files of a live room into `dir`. */
export function hlsTarget(dir: string): PushTarget {
  return {
    name: 'HLS',
    output: [
      ...['-f', 'hls', '-hls_time', '2', '-hls_list_size', '6', '-hls_flags', 'delete_segments+omit_endlist', '-hls_start_number_source', 'epoch'],
      ...['-hls_segment_filename', `${dir}/seg-%d.ts`, `${dir}/${PLAYLIST}`],
    ],
    secrets: [],
  };
}
