import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadyNotes } from '../recordings/jobs.ts';
import { probe, run } from '../recordings/tools.ts';

/**
 * The media files BigBlueButton publishes for one recording, under the published folder:
 *   video/<recordID>/video-0.m4v                     the "video" format: one composed MP4
 *   presentation/<recordID>/video/webcams.webm|.mp4  cameras and the meeting's audio
 *   presentation/<recordID>/audio/audio.webm|.ogg    the audio alone, when nobody had a camera
 *   presentation/<recordID>/deskshare/deskshare.webm|.mp4  screen sharing
 */
export interface BbbMedia {
  composed?: string;
  webcams?: string;
  deskshare?: string;
}

const first = (paths: string[]) => paths.find((p) => existsSync(p));

export function findMedia(published: string, recordId: string): BbbMedia {
  const presentation = join(published, 'presentation', recordId);
  return {
    composed: first([join(published, 'video', recordId, 'video-0.m4v')]),
    webcams: first(['video/webcams.webm', 'video/webcams.mp4', 'audio/audio.webm', 'audio/audio.ogg'].map((f) => join(presentation, f))),
    deskshare: first(['deskshare/deskshare.webm', 'deskshare/deskshare.mp4'].map((f) => join(presentation, f))),
  };
}

export const hasMedia = (media: BbbMedia) => Boolean(media.composed ?? media.webcams);

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 15;
/** The cameras' corner when a screen share fills the picture. */
const CORNER_WIDTH = 160;
const CORNER_HEIGHT = 120;

const fit = (w: number, h: number) => `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,fps=${FPS}`;

/**
 * The one file moot plays. BigBlueButton's own composed MP4 is taken as it is; otherwise the
 * cameras and the screen share become one WebM (VP8 + Opus): the share fills the picture with
 * the cameras in a corner, or the cameras fill it; black where neither sent a picture, the
 * meeting's audio throughout.
 */
export async function buildMedia(media: BbbMedia, output: string, durationMs: number): Promise<{ file: string; contentType: ReadyNotes['contentType']; durationMs: number }> {
  if (media.composed) {
    const probed = await probe(media.composed);
    if (!probed?.kinds.includes('video')) throw new Error(`${media.composed} holds no video`);
    return { file: media.composed, contentType: 'video/mp4', durationMs: Math.round(probed.durationS * 1000) || durationMs };
  }
  if (!media.webcams) throw new Error('no webcams, audio or video file');
  const cams = await probe(media.webcams);
  const desk = media.deskshare ? await probe(media.deskshare) : undefined;
  const seconds = Math.max(1, (durationMs || Math.max(cams?.durationS ?? 0, desk?.durationS ?? 0) * 1000) / 1000).toFixed(3);

  const args = ['-y', '-nostats', '-loglevel', 'error', '-i', media.webcams];
  const filters = [`color=c=black:s=${WIDTH}x${HEIGHT}:r=${FPS}:d=${seconds}[base]`];
  let picture = '[base]';
  if (media.deskshare && desk?.kinds.includes('video')) {
    args.push('-i', media.deskshare);
    filters.push(`[1:v]${fit(WIDTH, HEIGHT)}[desk]`, `${picture}[desk]overlay=eof_action=pass[withdesk]`);
    picture = '[withdesk]';
  }
  if (cams?.kinds.includes('video')) {
    const corner = picture !== '[base]';
    filters.push(
      `[0:v]${corner ? fit(CORNER_WIDTH, CORNER_HEIGHT) : fit(WIDTH, HEIGHT)}[cams]`,
      `${picture}[cams]overlay=${corner ? `W-w-8:H-h-8` : '0:0'}:eof_action=pass[withcams]`,
    );
    picture = '[withcams]';
  }
  // Overlays leave an alpha channel VP8 does not take.
  filters.push(`${picture}format=yuv420p[vout]`);
  filters.push(cams?.kinds.includes('audio') ? `[0:a]apad[aout]` : `anullsrc=r=48000:cl=stereo[aout]`);
  args.push(
    '-filter_complex', filters.join(';'),
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k',
    '-c:a', 'libopus', '-b:a', '64k',
    '-t', seconds, '-f', 'webm', output,
  );
  await run('ffmpeg', args);
  const made = await probe(output);
  if (!made?.kinds.includes('video') || !made.kinds.includes('audio')) throw new Error(`ffmpeg wrote no playable file (streams: ${made?.kinds.join(', ') ?? 'none'})`);
  return { file: output, contentType: 'video/webm', durationMs: Math.round(Number(seconds) * 1000) };
}
