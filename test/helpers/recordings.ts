// Recording a meeting from a moderator's page and reading what processing made of it.
import { execFileSync, spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import type { Moot } from './moot.ts';
import { sleep, waitFor } from './wait.ts';

export interface ListedRecording {
  id: string;
  state: 'recording' | 'processing' | 'ready' | 'failed';
  error: string | null;
  size: number;
  routes: Record<string, string>;
}

/** Waits until every `page` shows the recording pill (or, with `active` false, no longer shows it). */
export async function waitForRecordingPill(pages: Page[], active: boolean): Promise<void> {
  for (const page of pages) {
    await page.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor({ state: active ? 'visible' : 'hidden', timeout: 15_000 });
  }
}

/**
 * Records from moderator page `by`: starts, lets `during` run (the default holds still for a few
 * seconds of media), stops. Returns how long it was recorded, in seconds, measured from here.
 */
export async function record(by: Page, watchers: Page[], during: () => Promise<void> = () => sleep(6000)): Promise<number> {
  await by.getByRole('button', { name: 'Start recording' }).click();
  const started = Date.now();
  await waitForRecordingPill([by, ...watchers], true);
  await during();
  await by.getByRole('button', { name: 'Stop recording' }).click();
  const recordedS = (Date.now() - started) / 1000;
  await waitForRecordingPill([by, ...watchers], false);
  return recordedS;
}

/** The room's newest recording once processing is over (ready or failed). */
export async function processed(moot: Moot, roomUrl: string, not: string[] = []): Promise<ListedRecording> {
  return waitFor(
    async () => {
      const list = await moot.cli<ListedRecording[]>(['recording', 'list', '--room', roomUrl, '--json']);
      const one = list.find((r) => !not.includes(r.id));
      return one?.state === 'ready' || one?.state === 'failed' ? one : null;
    },
    { timeoutMs: 180_000, intervalMs: 1000, message: 'the recording to be processed' },
  );
}

export interface MediaReport {
  durationS: number;
  kinds: string[];
  /** Loudest sample of the whole audio, in dBFS (-91 is digital silence). */
  maxVolumeDb: number;
  /** Fraction of the video's frames that are not black. */
  pictureShare: number;
}

/** ffprobe's streams and duration, and ffmpeg's measure of sound and picture, of one media file. */
export function inspectMedia(file: string): MediaReport {
  const probed = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file], { encoding: 'utf8' }),
  ) as { format: { duration: string }; streams: { codec_type: string }[] };
  // Both filters report on standard error.
  const measured = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-af', 'volumedetect', '-vf', 'blackframe=amount=98:threshold=32', '-f', 'null', '-'],
    { encoding: 'utf8' },
  ).stderr;
  return {
    durationS: Number(probed.format.duration),
    kinds: probed.streams.map((s) => s.codec_type),
    maxVolumeDb: Number(/max_volume: (-?[\d.]+|-inf) dB/.exec(measured)?.[1]?.replace('-inf', '-Infinity') ?? Number.NaN),
    pictureShare: pictureShare(file, measured),
  };
}

function pictureShare(file: string, blackframeLog: string): number {
  const frames = Number(
    execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], {
      encoding: 'utf8',
    }).trim(),
  );
  const black = blackframeLog.split('\n').filter((l) => l.includes('[Parsed_blackframe')).length;
  return frames > 0 ? 1 - black / frames : 0;
}

/** The colour (0-255 RGB) of a video's frame at `seconds`, averaged over a 16-pixel square around (x, y). */
export function colourAt(file: string, seconds: number, x: number, y: number): number[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', seconds.toFixed(2), '-i', file, '-frames:v', '1', '-vf', `crop=16:16:${x - 8}:${y - 8},scale=1:1`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return [...raw.subarray(0, 3)];
}
