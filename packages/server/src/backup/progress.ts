/** How far a long run is, told in bytes. */
export type OnProgress = (done: number, total: number) => void;

const REDRAW_MS = 200;

/**
 * A one-line progress bar redrawn with `\r` on a terminal; nothing at all otherwise (a pipe, a
 * log file, `--json`), so scripts only ever see the final result.
 */
export function terminalProgress(label: string, out: NodeJS.WriteStream, enabled: boolean): { update: OnProgress; finish: () => void } {
  if (!enabled || !out.isTTY) return { update: () => undefined, finish: () => undefined };
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${mib(done)}/${mib(total)} MiB`);
    drawn = true;
  };
  return {
    update: (done, total) => {
      const now = Date.now();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      draw(done, total);
    },
    finish: () => {
      if (drawn) out.write('\n');
    },
  };
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
