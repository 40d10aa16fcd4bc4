import { spawn, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { OutputBuffer, registerDiagnostics } from './diagnostics.ts';
import { waitFor } from './wait.ts';

export interface DaemonOptions {
  /** Its name in failure diagnostics and errors, e.g. `slapd ldap://127.0.0.1:1234`. */
  label: string;
  command: string;
  args: string[];
  spawn?: Omit<SpawnOptions, 'stdio'>;
  /** Its own scratch folder, removed once it stopped. */
  dir: string;
  /** The signal for its quick, clean stop. */
  stopSignal?: NodeJS.Signals;
  /** Sent when the test process exits without stopping it, so it never outlives the test. */
  orphanSignal?: NodeJS.Signals;
  /** Answers (or stops throwing) once it serves; it may read what the program printed so far. */
  ready: (output: OutputBuffer) => unknown;
  readyTimeoutMs: number;
}

export interface Daemon {
  output: OutputBuffer;
  stop(): Promise<void>;
}

/**
 * A real server program a test needs (a directory, a database, a relay): started in the
 * foreground as our child, its output kept for the failure diagnostics, waited for until it
 * answers, and stopped (its folder removed) if it never does.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const output = new OutputBuffer();
  const child = spawn(options.command, options.args, { ...options.spawn, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => output.push(d));
  let exited = false;
  const exit = new Promise<void>((done) => child.on('exit', () => ((exited = true), done())));
  const orphaned = () => child.kill(options.orphanSignal);
  if (options.orphanSignal) process.once('exit', orphaned);
  const unregister = registerDiagnostics(options.label, () => output.text());

  const stop = async () => {
    if (!exited) child.kill(options.stopSignal ?? 'SIGTERM');
    await exit;
    process.off('exit', orphaned);
    unregister();
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`${options.label} exited during start-up`);
        return (await options.ready(output)) ?? true;
      },
      { timeoutMs: options.readyTimeoutMs, message: `${options.label} to answer` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { output, stop };
}
