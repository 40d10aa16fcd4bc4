// A listener's Ogg/Opus stream read over HTTP and decoded as it arrives, so a test can tell
// from moment to moment how loud one tone is in what the listener hears.
import { spawn } from 'node:child_process';

const RATE = 48_000;
/** The decoded sound is judged in windows of a quarter second. */
const WINDOW_SAMPLES = RATE / 4;

/** The level (dBFS) of one frequency in the samples (Goertzel). */
export function levelAt(samples: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / RATE;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (const sample of samples) {
    const s0 = sample / 32768 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const amplitude = (2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2))) / samples.length;
  return 20 * Math.log10(amplitude || 1e-9);
}

/** ffmpeg arguments that decode an Ogg stream's Opus (not the padding beside it) to 48 kHz mono s16le. */
export const DECODE_OGG = ['-nostdin', '-loglevel', 'error', '-map', '0:a:0', '-ac', '1', '-ar', String(RATE), '-f', 's16le'];

/** One window of the decoded stream: when it was decoded and the tone's level in it. */
export interface Heard {
  at: number;
  dbfs: number;
}

/** Reads one stream address until closed; `heard` grows by a window every quarter second of sound. */
export class ListenerEar {
  readonly heard: Heard[] = [];
  private pending = Buffer.alloc(0);
  private readonly decoder = spawn('ffmpeg', ['-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0', '-f', 'ogg', '-i', 'pipe:0', ...DECODE_OGG, '-flush_packets', '1', 'pipe:1'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  private readonly controller = new AbortController();

  constructor(
    url: string,
    private readonly hz: number,
  ) {
    this.decoder.stdout.on('data', (chunk: Buffer) => this.decoded(chunk));
    this.decoder.stdin.on('error', () => undefined);
    void this.pump(url);
  }

  private async pump(url: string): Promise<void> {
    try {
      const response = await fetch(url, { signal: this.controller.signal });
      if (response.status !== 200) throw new Error(`the stream answered ${response.status}`);
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) this.decoder.stdin.write(read.value);
    } catch {
      // Closed by the test, or the stream ended: `heard` stops growing, which the test sees.
    }
    this.decoder.stdin.end();
  }

  private decoded(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= WINDOW_SAMPLES * 2) {
      const window = this.pending.subarray(0, WINDOW_SAMPLES * 2);
      this.pending = this.pending.subarray(WINDOW_SAMPLES * 2);
      const samples = new Int16Array(window.buffer.slice(window.byteOffset, window.byteOffset + window.length));
      this.heard.push({ at: Date.now(), dbfs: levelAt(samples, this.hz) });
    }
  }

  /** The windows decoded after `since` (a Date.now() value). */
  after(since: number): Heard[] {
    return this.heard.filter((h) => h.at > since);
  }

  close(): void {
    this.controller.abort();
    this.decoder.kill('SIGKILL');
  }
}
