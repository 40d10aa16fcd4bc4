import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.ts';

/** Waits between attempts after a failure: 2 s, 4 s, 8 s … up to a minute. */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, failures - 1));
}

/** How long a connection must hold before a destination that failed counts as back. */
const HOLDS_MS = 5000;
const STOP_WAIT_MS = 3000;
/** A destination that cannot keep up is dropped and tried again, not buffered without end. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export interface PusherEvents {
  failing(retryInSeconds: number): void;
  back(): void;
}

/** Where a pusher copies the program: ffmpeg's output arguments, and what must never be logged. */
export interface PushTarget {
  name: string;
  output: string[];
  secrets: string[];
}

/** Hides the secrets (stream key, address holding it) wherever ffmpeg might print them. */
export function redact(text: string, secrets: string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((t, secret) => t.split(secret).join('<secret>'), text);
}

/**
 * Copies the encoded program to one destination (an RTMP(S) server, moot's own HLS files) with
 * its own ffmpeg, without re-encoding, and starts it again with a growing delay whenever the
 * destination drops or refuses it.
 */
export class Pusher {
  private child: ChildProcess | undefined;
  private failures = 0;
  private failing = false;
  private retry: NodeJS.Timeout | undefined;
  private holds: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private target: PushTarget,
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
      ...['-f', 'mpegts', '-i', 'pipe:0', '-map', '0', '-c', 'copy', ...this.target.output],
    ];
    const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    let errors = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (errors = (errors + d).slice(-2000)));
    child.stdin!.on('error', () => undefined);
    child.once('error', (err) => this.log.error({ destination: this.target.name, err: redact(String(err), this.target.secrets) }, 'livestream destination: ffmpeg did not start'));
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
      this.log.warn({ destination: this.target.name, code, ffmpeg: redact(errors.trim(), this.target.secrets) }, 'livestream destination failed, trying again');
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

  /** Resolves once ffmpeg has exited (it finishes the files it writes; killed if it takes too long). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.holds);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
    child.stdin?.end();
    child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  }
}
