import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** ffprobe's account of a media file: its duration and the kinds of streams it holds. */
export function probe(file: string): { durationS: number; kinds: string[] } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file], { encoding: 'utf8' });
  const info = JSON.parse(out) as { format: { duration: string }; streams: { codec_type: string }[] };
  return { durationS: Number(info.format.duration), kinds: info.streams.map((s) => s.codec_type) };
}

/** A short WebM (VP8 test picture + Opus tone) made by ffmpeg, as an import source. */
export function makeWebm(file: string, seconds = 2): string {
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest', file,
  ]);
  return file;
}

/** True when the bytes begin like a file a player would open: WebM/Matroska, MP4, Ogg. */
export function looksLikeMedia(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) ||
    bytes.subarray(4, 8).toString('latin1') === 'ftyp' ||
    bytes.subarray(0, 4).toString('latin1') === 'OggS'
  );
}

export function firstBytes(file: string, n = 16): Buffer {
  return readFileSync(file).subarray(0, n);
}

/** Every file under `dir` whose name ends with `suffix`. */
export function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith(suffix) && statSync(f).isFile());
}
