import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './tools.ts';
import { cut, type TimelineEvent, type TrackNote } from './timeline.ts';

/**
 * Builds the one file a person watches from a meeting's raw Janus recordings: every
 * publisher's audio mixed, and the picture cut between cameras and screen shares as the
 * timeline says. Output: WebM (VP8 + Opus). Intermediates go to `scratch`, which the caller
 * owns and wipes.
 */

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 15;

export interface ComposeInput {
  /** Where Janus wrote the .mjr files. */
  workDir: string;
  scratch: string;
  tracks: TrackNote[];
  events: TimelineEvent[];
  startedAtMs: number;
  durationMs: number;
  output: string;
  onProgress: (percent: number) => Promise<void> | void;
}

interface Converted {
  path: string;
  /** Milliseconds from the start of the recording to this file's first packet. */
  offsetMs: number;
}

/** janus-pp-rec's header of a .mjr file; `u` is when its first packet was written (µs since the epoch). */
async function firstPacketMs(mjr: string): Promise<number> {
  const out = await run('janus-pp-rec', ['-j', '-d', '0', mjr]);
  const header = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { u?: number; s?: number };
  return (header.u ?? header.s ?? 0) / 1000;
}

async function convert(mjr: string, target: string, startedAtMs: number): Promise<Converted | undefined> {
  // A publisher that never sent a packet of this kind leaves an empty file: nothing to convert.
  const ok = await run('janus-pp-rec', ['-d', '0', mjr, target]).then(
    () => true,
    () => false,
  );
  if (!ok) return undefined;
  return { path: target, offsetMs: Math.max(0, (await firstPacketMs(mjr)) - startedAtMs) };
}

function find(workDir: string, base: string, kind: 'audio' | 'video'): string | undefined {
  // VideoRoom writes "<base>-<kind>-<mindex>.mjr", AudioBridge "<base>-audio.mjr"; the base is ours alone.
  const name = readdirSync(workDir).find((f) => (f.startsWith(`${base}-${kind}-`) || f === `${base}-${kind}.mjr`) && f.endsWith('.mjr'));
  return name && join(workDir, name);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export async function compose(input: ComposeInput): Promise<void> {
  const { tracks, events, durationMs, output, onProgress } = input;
  const audio: Converted[] = [];
  const video = new Map<number, Converted>();
  for (const [i, track] of tracks.entries()) {
    const a = find(input.workDir, track.base, 'audio');
    const v = find(input.workDir, track.base, 'video');
    const ca = a && (await convert(a, join(input.scratch, `t${i}.opus`), input.startedAtMs));
    if (ca) audio.push(ca);
    const cv = v && (await convert(v, join(input.scratch, `t${i}.webm`), input.startedAtMs));
    if (cv) video.set(i, cv);
    await input.onProgress(Math.round(((i + 1) / tracks.length) * 30));
  }

  const total = seconds(durationMs);
  const args = ['-y', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1'];
  const filters: string[] = [`color=c=black:s=${WIDTH}x${HEIGHT}:r=${FPS}:d=${total}[v0]`, `anullsrc=r=48000:cl=stereo,atrim=0:${total}[silence]`];
  let n = 0;
  const mixed = ['[silence]'];
  for (const a of audio) {
    args.push('-i', a.path);
    filters.push(`[${n}:a]adelay=delays=${Math.round(a.offsetMs)}:all=1[a${n}]`);
    mixed.push(`[a${n}]`);
    n++;
  }
  filters.push(`${mixed.join('')}amix=inputs=${mixed.length}:duration=first:normalize=0[aout]`);

  // Each track that is ever on screen is laid over the black base while its segments run.
  const segments = cut(tracks, events, durationMs);
  let layer = 0;
  for (const [track, file] of video) {
    const shown = segments.filter((s) => s.track === track);
    if (shown.length === 0) continue;
    args.push('-i', file.path);
    const enable = shown.map((s) => `between(t,${seconds(s.from)},${seconds(s.to)})`).join('+');
    filters.push(
      `[${n}:v]setpts=PTS-STARTPTS+${seconds(file.offsetMs)}/TB,scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,` +
        `pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2,fps=${FPS}[s${n}]`,
      `[v${layer}][s${n}]overlay=eof_action=pass:enable='${enable}'[v${layer + 1}]`,
    );
    layer++;
    n++;
  }
  // Overlays leave an alpha channel that VP8 will not take.
  filters.push(`[v${layer}]format=yuv420p[vout]`);
  args.push(
    '-filter_complex', filters.join(';'),
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k',
    '-c:a', 'libopus', '-b:a', '64k',
    '-t', total, '-f', 'webm', output,
  );
  await run('ffmpeg', args, (line) => {
    const match = /^out_time_us=(\d+)/.exec(line);
    if (match) void onProgress(30 + Math.min(69, Math.round((Number(match[1]) / 1000 / durationMs) * 70)));
  });
}
