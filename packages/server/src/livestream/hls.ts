import { timingSafeEqual } from 'node:crypto';
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

export function hlsView(publicUrl: string, roomId: string, setting: HlsSetting): LivestreamHlsResponse {
  if (setting.access === 'off') return { access: 'off' };
  const url = `${publicUrl.replace(/\/+$/, '')}${playlistPath(roomId)}`;
  return { access: setting.access, url: setting.access === 'link' ? `${url}?k=${setting.linkKey}` : url };
}

export const playlistPath = (roomId: string) => `/live/${roomId}/index.m3u8`;
export const PLAYLIST = 'index.m3u8';
export const SEGMENT = /^seg-\d{1,9}\.ts$/;

/** May this request watch? Public rooms: yes; link rooms: with the current key only. */
export function mayWatch(setting: HlsSetting, key: string | undefined): boolean {
  if (setting.access === 'public') return true;
  if (setting.access !== 'link' || !key) return false;
  const given = Buffer.from(key);
  const wanted = Buffer.from(setting.linkKey);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The playlist as a link holder gets it: every segment's address carries the key too. */
export function playlistFor(text: string, setting: HlsSetting): string {
  if (setting.access !== 'link') return text;
  return text.replace(/^(seg-\d+\.ts)$/gm, `$1?k=${setting.linkKey}`);
}

/** The pusher writing the HLS files of a live room into `dir`. */
export function hlsTarget(dir: string): PushTarget {
  return {
    name: 'HLS',
    output: ['-f', 'hls', '-hls_time', '2', '-hls_list_size', '6', '-hls_flags', 'delete_segments+omit_endlist', '-hls_segment_filename', `${dir}/seg-%d.ts`, `${dir}/${PLAYLIST}`],
    secrets: [],
  };
}
