import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { frameTimes, jsonIn, probe, run, ToolError } from './tools.ts';
import { cut, onlyWhileSent, type Segment, type Sent, type TimelineEvent, type TrackNote } from './timeline.ts';
import type { ShownSlide } from '../meetings/meeting.ts';
import { renderPage } from '../slides/page-image.ts';

/**
 * Builds the one file a person watches from a meeting's raw Janus recordings: every
 * publisher's audio mixed, and the picture cut between cameras, screen shares and the slide
 * pages shown as the timeline says. Output: WebM (VP8 + Opus), always with one audio and one video stream: silence
 * where nobody spoke, black where no picture was sent. Intermediates go to `scratch`, which the
 * caller owns and wipes.
 */

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 15;
/** ffmpeg needs some length to write a valid file, even for a recording stopped at once. */
const MIN_DURATION_MS = 1000;
/**
 * A camera sends frames continuously; a longer pause means it was turned off, and someone else
 * takes the picture meanwhile. (A screen share of a still page may send a frame rarely: it is
 * on from its first frame to its last.)
 */
const CAMERA_OFF_AFTER_MS = 2000;

export interface ComposeInput {
  /** Where Janus wrote the .mjr files. */
  workDir: string;
  scratch: string;
  tracks: TrackNote[];
  events: TimelineEvent[];
  startedAtMs: number;
  durationMs: number;
  output: string;
  /** Where a presentation of the room is (it may have been deleted since). */
  slidePdf: (deckId: string) => string;
  log: Logger;
  onProgress: (percent: number) => Promise<void> | void;
}

interface Converted {
  path: string;
  /** Milliseconds from the start of the recording to this file's first packet. */
  offsetMs: number;
  /** Infinity when the file does not say. */
  durationMs: number;
}

/** When the first packet of a .mjr file was written (ms since the epoch); undefined for a file no packet reached. */
async function firstPacketMs(mjr: string): Promise<number | undefined> {
  // Janus writes the header with the first packet: a muted seat or a camera never turned on
  // leaves a file without one, for which janus-pp-rec prints nothing and exits 0.
  const header = jsonIn(await run('janus-pp-rec', ['-j', '-d', '0', mjr])) as { u?: unknown; s?: unknown } | undefined;
  const at = typeof header?.u === 'number' && header.u > 0 ? header.u : header?.s;
  return typeof at === 'number' && at > 0 ? at / 1000 : undefined;
}

/**
 * One stream, converted to a file ffmpeg reads; undefined when there is nothing to use in it:
 * nothing was sent, or what was sent is unreadable (logged, and the rest of the meeting is kept).
 */
async function convert(mjr: string, target: string, kind: 'audio' | 'video', startedAtMs: number, log: Logger): Promise<Converted | undefined> {
  let first: number | undefined;
  try {
    first = await firstPacketMs(mjr);
    if (first === undefined) return undefined;
    await run('janus-pp-rec', ['-d', '0', mjr, target]);
  } catch (err) {
    if (err instanceof ToolError && err.missing) throw err;
    log.warn({ file: mjr, err: (err as Error).message }, 'a recorded stream could not be converted; the recording goes on without it');
    return undefined;
  }
  const probed = await probe(target);
  if (!probed?.kinds.includes(kind)) {
    log.warn({ file: mjr, kinds: probed?.kinds ?? [] }, 'a recorded stream holds no playable media; the recording goes on without it');
    return undefined;
  }
  return { path: target, offsetMs: Math.max(0, first - startedAtMs), durationMs: probed.durationS > 0 ? probed.durationS * 1000 : Infinity };
}

/** When a converted video track actually shows something, on the recording's clock. */
async function sentSpans(file: Converted, source: string): Promise<Sent[]> {
  if (source !== 'camera') return [{ from: file.offsetMs, to: file.offsetMs + file.durationMs }];
  const times = await frameTimes(file.path);
  const first = times[0];
  if (first === undefined) return [];
  const at = (t: number) => file.offsetMs + (t - first) * 1000;
  const spans: Sent[] = [];
  let span: Sent = { from: at(first), to: at(first) };
  for (const t of times) {
    if (at(t) - span.to > CAMERA_OFF_AFTER_MS) {
      spans.push(span);
      span = { from: at(t), to: at(t) };
    }
    span.to = at(t);
  }
  spans.push(span);
  // A frame stays on screen until the next one.
  return spans.map((s) => ({ from: s.from, to: s.to + 1000 / FPS }));
}

function find(workDir: string, base: string, kind: 'audio' | 'video'): string | undefined {
  // VideoRoom writes "<base>-<kind>-<mindex>.mjr", AudioBridge "<base>-audio.mjr"; the base is ours alone.
  const name = readdirSync(workDir).find((f) => (f.startsWith(`${base}-${kind}-`) || f === `${base}-${kind}.mjr`) && f.endsWith('.mjr'));
  return name && join(workDir, name);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export async function compose(input: ComposeInput): Promise<void> {
  const { tracks, output, onProgress, log } = input;
  const durationMs = Math.max(input.durationMs, MIN_DURATION_MS);
  const audio: Converted[] = [];
  const video = new Map<number, Converted>();
  for (const [i, track] of tracks.entries()) {
    const a = find(input.workDir, track.base, 'audio');
    const v = find(input.workDir, track.base, 'video');
    const ca = a && (await convert(a, join(input.scratch, `t${i}.opus`), 'audio', input.startedAtMs, log));
    if (ca) audio.push(ca);
    const cv = v && (await convert(v, join(input.scratch, `t${i}.webm`), 'video', input.startedAtMs, log));
    if (cv) video.set(i, cv);
    await onProgress(Math.round(((i + 1) / tracks.length) * 30));
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

  // Each track that is ever on screen is laid over the black base while its segments run; a
  // camera takes the picture only while it actually sent one.
  const sent = new Map<number, Sent[]>();
  for (const [track, file] of video) sent.set(track, await sentSpans(file, tracks[track]!.source));
  const segments = cut(tracks, onlyWhileSent(tracks, input.events, sent), durationMs);
  let layer = 0;
  /** Lays input `n` (its first filter given) over the picture while `shown` runs. */
  const overlay = (first: string, shown: Segment[]) => {
    const enable = shown.map((s) => `between(t,${seconds(s.from)},${seconds(s.to)})`).join('+');
    filters.push(
      `[${n}:v]${first},scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2,fps=${FPS}[s${n}]`,
      `[v${layer}][s${n}]overlay=eof_action=pass:enable='${enable}'[v${layer + 1}]`,
    );
    layer++;
    n++;
  };
  for (const [track, file] of video) {
    const shown = segments.filter((s) => s.track === track);
    if (shown.length === 0) continue;
    args.push('-i', file.path);
    overlay(`setpts=PTS-STARTPTS+${seconds(file.offsetMs)}/TB`, shown);
  }
  // Each slide page shown is drawn once, a still picture for the whole length, shown while it was.
  const pages = new Map<string, { slide: ShownSlide; shown: Segment[] }>();
  for (const s of segments) {
    if (!s.slide) continue;
    const key = `${s.slide.deckId}/${s.slide.page}`;
    const entry = pages.get(key) ?? { slide: s.slide, shown: [] };
    entry.shown.push(s);
    pages.set(key, entry);
  }
  for (const [i, { slide, shown }] of [...pages.values()].entries()) {
    const image = await renderPage(input.slidePdf(slide.deckId), slide, join(input.scratch, `slide${i}`), WIDTH, log);
    if (!image) continue;
    args.push('-loop', '1', '-framerate', String(FPS), '-t', total, '-i', image);
    overlay('format=yuv420p', shown);
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
  const made = await probe(output);
  if (!made?.kinds.includes('audio') || !made.kinds.includes('video')) throw new Error(`ffmpeg wrote no playable file (streams: ${made?.kinds.join(', ') ?? 'none'})`);
}
