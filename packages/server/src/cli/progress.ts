import type { Writable } from 'node:stream';
import type { OnProgress } from '../backup/progress.ts';

export interface Progress {
  update: OnProgress;
  /** Ends the bar's line (or says the run is complete); call it whatever the outcome. */
  finish(): void;
}

/** `steps`: stages of a run that has no finer count (a query, a transaction). */
export type ProgressUnit = 'bytes' | 'items' | 'steps';

const REDRAW_MS = 200;
/** Plain lines: one per tenth of the work, never more often than this. */
const LINE_MS = 2000;
const WIDTH = 30;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function amount(unit: ProgressUnit, done: number, total: number): string {
  if (unit === 'bytes') return `${mib(done)}/${mib(total)}`;
  return unit === 'steps' ? `step ${done} of ${total}` : `${done}/${total}`;
}

function share(done: number, total: number): number {
  return total > 0 ? Math.min(1, done / total) : 1;
}

/**
 * Progress of a long CLI command. On a terminal, one bar redrawn in place on standard output;
 * otherwise (a pipe, a log file, `--json`) plain lines on standard error, a few per run, so
 * what a script reads from standard output is only the result.
 */
export function cliProgress(label: string, unit: ProgressUnit, streams: { out: Writable & { isTTY?: boolean }; err: Writable } = { out: process.stdout, err: process.stderr }, options: { json?: boolean } = {}): Progress {
  return streams.out.isTTY && !options.json ? terminalBar(label, unit, streams.out) : plainLines(label, unit, streams.err);
}

/** Passes the chunks on, telling how many bytes of `total` went by. */
export async function* counted(chunks: AsyncIterable<Uint8Array>, total: number, update: OnProgress): AsyncGenerator<Uint8Array> {
  let done = 0;
  update(done, total);
  for await (const chunk of chunks) {
    done += chunk.length;
    update(done, total);
    yield chunk;
  }
}

function terminalBar(label: string, unit: ProgressUnit, out: Writable): Progress {
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      const part = share(done, total);
      const filled = Math.round(part * WIDTH);
      out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(part * 100)).padStart(3)}% ${amount(unit, done, total)}`);
      drawn = true;
    },
    finish() {
      if (drawn) out.write('\n');
    },
  };
}

function plainLines(label: string, unit: ProgressUnit, err: Writable): Progress {
  let lastTenth = -1;
  let lastAt = 0;
  return {
    update(done, total) {
      const part = share(done, total);
      const tenth = Math.floor(part * 10);
      const now = Date.now();
      const complete = done >= total;
      if (tenth === lastTenth || (now - lastAt < LINE_MS && !complete)) return;
      lastTenth = tenth;
      lastAt = now;
      err.write(`${label}: ${Math.floor(part * 100)}% (${amount(unit, done, total)})\n`);
    },
    // Every line is complete as written.
    finish: () => undefined,
  };
}
