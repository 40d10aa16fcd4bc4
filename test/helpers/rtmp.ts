// A real RTMP receiver on 127.0.0.1 (ffmpeg listening for FLV, as a streaming site would take a
// stream) that keeps what arrives in a file, and what a test measures in that file.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

export interface RtmpReceiver {
  /** The server address a destination is given (rtmp://127.0.0.1:<port>/live), without the key. */
  url: string;
  key: string;
  /** Everything received, as MPEG-TS (readable while it grows). */
  file: string;
  received(): number;
  /** What the receiver said: ffmpeg takes a stream published under another key, but warns "Unexpected stream". */
  log(): string;
  stop(): void;
}

export async function rtmpReceiver(dir: string, key: string): Promise<RtmpReceiver> {
  const port = await freePort();
  const file = join(dir, `received-${port}.ts`);
  const child: ChildProcess = spawn(
    'ffmpeg',
    ['-nostdin', '-loglevel', 'warning', '-listen', '1', '-f', 'flv', '-i', `rtmp://127.0.0.1:${port}/live/${key}`, '-c', 'copy', '-f', 'mpegts', file],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  return {
    url: `rtmp://127.0.0.1:${port}/live`,
    key,
    file,
    received: () => (existsSync(file) ? statSync(file).size : 0),
    log: () => log,
    stop: () => void child.kill('SIGKILL'),
  };
}

type Codecs = { video: string[]; audio: string[] };

const probeArgs = (input: string) => ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'json', input];

function byKind(ffprobeJson: string): Codecs {
  const streams = (JSON.parse(ffprobeJson) as { streams: { codec_type: string; codec_name: string }[] }).streams;
  return { video: streams.filter((s) => s.codec_type === 'video').map((s) => s.codec_name), audio: streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name) };
}

/** The codecs ffprobe finds in a file, by stream kind. */
export function codecs(file: string): Codecs {
  return byKind(execFileSync('ffprobe', probeArgs(file), { encoding: 'utf8' }));
}

/** The same for a stream a player opens at an address, without blocking this process (which may be serving it). */
export async function streamCodecs(url: string): Promise<Codecs> {
  const { stdout } = await promisify(execFile)('ffprobe', probeArgs(url), { encoding: 'utf8', timeout: 60_000 });
  return byKind(stdout);
}

/**
 * The last `bytes` of what arrived, as a file of its own: MPEG-TS picks up anywhere, so this is
 * the latest few seconds without decoding everything received so far.
 */
function tail(file: string, bytes: number): string {
  const size = statSync(file).size;
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  readSync(fd, buffer, 0, length, size - length);
  closeSync(fd);
  const out = `${file}.tail.ts`;
  writeFileSync(out, buffer);
  return out;
}

const LATEST_BYTES = 1_000_000;

/** ffmpeg's output; a cut-off last packet makes it exit with an error after writing all it could decode. */
function decode(args: string[]): Buffer {
  try {
    return execFileSync('ffmpeg', ['-v', 'quiet', ...args], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    const { stdout } = error as { stdout?: Buffer };
    if (stdout?.length) return stdout;
    throw error;
  }
}

/** The strongest frequency (Hz, 50–2000) in the latest audio received, found by scanning a DFT over two seconds. */
export function peakHz(file: string): number {
  const rate = 8000;
  const raw = decode(['-i', tail(file, LATEST_BYTES), '-map', '0:a:0', '-ac', '1', '-ar', String(rate), '-f', 'f32le', '-']);
  const all = new Float32Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 4));
  const samples = all.subarray(Math.max(0, all.length - 2 * rate));
  let best = { hz: 0, power: -1 };
  for (let hz = 50; hz <= 2000; hz += 5) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < samples.length; i++) {
      const angle = (2 * Math.PI * hz * i) / rate;
      re += samples[i]! * Math.cos(angle);
      im -= samples[i]! * Math.sin(angle);
    }
    const power = re * re + im * im;
    if (power > best.power) best = { hz, power };
  }
  return best.hz;
}

/** The average colour (r, g, b) of the latest frame received. */
export function lastFrameColour(file: string): [number, number, number] {
  const raw = decode(['-i', tail(file, LATEST_BYTES), '-map', '0:v:0', '-vf', 'scale=1:1', '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-']);
  if (raw.length < 3) throw new Error('no picture decoded yet');
  const last = raw.subarray(raw.length - 3);
  return [last[0]!, last[1]!, last[2]!];
}

/**
 * The average colour (r, g, b) of one frame a second of everything received so far, in order:
 * of the whole frame, or of the 16×16 pixels around `at`.
 */
export function frameColours(file: string, at?: { x: number; y: number }): [number, number, number][] {
  const crop = at ? `crop=16:16:${at.x - 8}:${at.y - 8},` : '';
  const raw = decode(['-i', file, '-map', '0:v:0', '-vf', `fps=1,${crop}scale=1:1`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-']);
  const colours: [number, number, number][] = [];
  for (let i = 0; i + 3 <= raw.length; i += 3) colours.push([raw[i]!, raw[i + 1]!, raw[i + 2]!]);
  return colours;
}
