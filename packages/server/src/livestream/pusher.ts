import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.ts';
import type { Destination } from './destinations.ts';

/** Waits between attempts after a failure: 2 s, 4 s, 8 s … up to a minute. */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, failures - 1));
}

/** How long a connection must hold before a destination that failed counts as back. */
const HOLDS_MS = 5000;
/** A destination that cannot keep up is dropped and tried again, not buffered without end. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export interface PusherEvents {
  failing(retryInSeconds: number): void;
  back(): void;
}

/** Hides the stream key wherever ffmpeg might print it. */
export function redact(text: string, destination: Pick<Destination, 'streamKey' | 'publishUrl'>): string {
  return text.split(destination.publishUrl).join('<destination>').split(destination.streamKey).join('<stream key>');
}

/**
 * Copies the encoded program to one RTMP(S) destination with its own ffmpeg (no re-encoding),
 * and starts it again with a growing delay whenever the destination drops or refuses it.
 */
export class Pusher {
  private child: ChildProcess | undefined;
  private failures = 0;
  private failing = false;
  private retry: NodeJS.Timeout | undefined;
  private holds: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private destination: Destination,
    private events: PusherEvents,
    private log: Logger,
  ) {}

  start(): void {
    if (this.stopped) return;
    const args = [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
      // The program may start with seconds of sound before the first picture, and a pusher that
      // starts again joins mid-stream: it must read until a key frame says what the picture is.
      ...['-analyzeduration', '15000000', '-probesize', '20000000'],
      ...['-f', 'mpegts', '-i', 'pipe:0', '-map', '0', '-c', 'copy', '-f', 'flv', this.destination.publishUrl],
    ];
    const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    let errors = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (errors = (errors + d).slice(-2000)));
    child.stdin!.on('error', () => undefined);
    child.once('error', (err) => this.log.error({ destination: this.destination.name, err: redact(String(err), this.destination) }, 'livestream destination: ffmpeg did not start'));
    this.holds = setTimeout(() => {
      this.failures = 0;
      if (this.failing) {
        this.failing = false;
        this.events.back();
      }
    }, HOLDS_MS);
    child.once('close', (code) => {
      clearTimeout(this.holds);
      if (this.child === child) this.child = undefined;
      if (this.stopped) return;
      this.failures++;
      const delay = retryDelayMs(this.failures);
      this.log.warn({ destination: this.destination.name, code, ffmpeg: redact(errors.trim(), this.destination) }, 'livestream destination failed, trying again');
      this.failing = true;
      this.events.failing(Math.round(delay / 1000));
      this.retry = setTimeout(() => this.start(), delay);
    });
  }

  /** A piece of the encoded program. */
  write(chunk: Buffer): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return;
    if (stdin.writableLength > MAX_BUFFERED) {
      this.child!.kill('SIGKILL');
      return;
    }
    stdin.write(chunk);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.holds);
    this.child?.stdin?.end();
    this.child?.kill('SIGTERM');
    this.child = undefined;
  }
}
