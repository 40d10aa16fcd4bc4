import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputBuffer, registerDiagnostics } from './diagnostics.ts';
import { freePort, freeUdpRange } from './ports.ts';
import { loopbackShim } from './shim.ts';
import { sleep, waitFor } from './wait.ts';
import { testDatabaseEnv } from './store.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cliPath = join(repoRoot, 'packages/server/bin/moot.js');
const mainPath = join(repoRoot, 'packages/server/src/main.ts');

/** Every process group this test process started and has not stopped yet. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

export function makeTempDir(prefix = 'moot-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Environment for the server and the CLI: the inherited one without any MOOT_* variable. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MOOT_')) env[key] = value;
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `moot <args>` (the real bin) with the given env; resolves with exit code and output. */
export async function runCliRaw(env: Record<string, string>, args: string[], stdin?: string): Promise<CliResult> {
  const database = await testDatabaseEnv(env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      env: { ...baseEnv(), ...database, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** Runs `moot <args> --json`-style commands and parses stdout; throws on a non-zero exit. */
export async function runCli<T = any>(env: Record<string, string>, args: string[], stdin?: string): Promise<T> {
  const result = await runCliRaw(env, args, stdin);
  if (result.code !== 0) {
    throw new Error(`moot ${args.join(' ')} exited with ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`moot ${args.join(' ')} printed no JSON\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

/** Pids of processes whose command line mentions `needle` (e.g. the Janus child of a data dir). */
export function pidsWithCommandLine(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state !== 'Z' && cmdline.includes(needle)) pids.push(pid);
    } catch {
      /* the process ended while we looked */
    }
  }
  return pids;
}

export interface StartOptions {
  /** Reuse a data dir (e.g. one prepared with the CLI); it is not deleted on stop. */
  dataDir?: string;
  participantTimeoutSeconds?: number;
  logLevel?: string;
  env?: Record<string, string>;
  /** How long to wait for /api/health to report Janus up. */
  startTimeoutMs?: number;
}

export interface Health {
  ok: boolean;
  janus: 'up' | 'down';
}

export interface Moot {
  url: string;
  port: number;
  dataDir: string;
  janusWsPort: number;
  janusAdminWsPort: number;
  env: Record<string, string>;
  /** The server's own process. */
  pid: number;
  /** `moot <args>` against this server's data dir; parsed JSON output. */
  cli<T = any>(args: string[], stdin?: string): Promise<T>;
  cliRaw(args: string[], stdin?: string): Promise<CliResult>;
  health(): Promise<Health | null>;
  /** Pids of this server's Janus child (found by the data dir in its command line). */
  janusPids(): number[];
  logs(): string;
  /** True while the server process runs. */
  running(): boolean;
  /**
   * SIGKILL to the server and its Janus child at once, as a crash under a service manager; the
   * data dir stays. With `serverOnly`, only the node process dies, as after `kill -9 <pid>`: its
   * Janus is left running.
   */
  crash(options?: { serverOnly?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** Free ports, a data dir and the environment a test server runs with (Janus kept on loopback). */
export async function testServerEnv(options: StartOptions = {}): Promise<{ env: Record<string, string>; dataDir: string; url: string; port: number; janusWsPort: number; janusAdminWsPort: number }> {
  const dataDir = options.dataDir ?? makeTempDir('moot-data-');
  // Ports given in `env` (e.g. those of a server started before on the same data dir) are kept.
  const given = (key: string) => (options.env?.[key] ? Number(options.env[key]) : undefined);
  const [port, janusWsPort, janusAdminWsPort, rtpPorts, preload] = await Promise.all([
    given('PORT') ?? freePort(),
    given('MOOT_JANUS_WS_PORT') ?? freePort(),
    given('MOOT_JANUS_ADMIN_WS_PORT') ?? freePort(),
    options.env?.MOOT_JANUS_RTP_PORTS ?? freeUdpRange(),
    loopbackShim(),
  ]);
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    MOOT_DATA_DIR: dataDir,
    MOOT_PUBLIC_URL: url,
    MOOT_HOST: '127.0.0.1',
    MOOT_JANUS_WS_PORT: String(janusWsPort),
    MOOT_JANUS_ADMIN_WS_PORT: String(janusAdminWsPort),
    MOOT_JANUS_RTP_PORTS: rtpPorts,
    MOOT_JANUS_ICE_ENFORCE_LIST: 'lo',
    MOOT_JANUS_PRELOAD: preload,
    MOOT_LOG_LEVEL: options.logLevel ?? process.env.MOOT_TEST_LOG_LEVEL ?? 'info',
    ...(options.participantTimeoutSeconds !== undefined
      ? { MOOT_MEETING_PARTICIPANT_TIMEOUT_SECONDS: String(options.participantTimeoutSeconds) }
      : {}),
    ...options.env,
  };
  Object.assign(env, await testDatabaseEnv(env));
  return { env, dataDir, url, port, janusWsPort, janusAdminWsPort };
}

export async function startMoot(options: StartOptions = {}): Promise<Moot> {
  const ownDataDir = options.dataDir === undefined;
  const { env, dataDir, url, port, janusWsPort, janusAdminWsPort } = await testServerEnv(options);
  const output = new OutputBuffer();
  const verbose = process.env.MOOT_TEST_VERBOSE === '1';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: repoRoot,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() can end the server and its Janus child together
  });
  const pid = child.pid!;
  liveGroups.add(pid);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((done) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      output.push(`\n[test harness] server exited: code ${code}, signal ${signal}\n`);
      done();
    }),
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      output.push(d);
      if (verbose) process.stderr.write(d);
    });
  }
  const unregister = registerDiagnostics(`moot server ${url} (data ${dataDir})`, () => output.text());

  const health = async (): Promise<Health | null> => {
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) });
      if (response.status !== 200) return null;
      return (await response.json()) as Health;
    } catch {
      return null;
    }
  };

  const crash = async ({ serverOnly = false } = {}): Promise<void> => {
    try {
      process.kill(serverOnly ? pid : -pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exitPromise;
    if (serverOnly) return;
    await waitFor(() => pidsWithCommandLine(join(dataDir, 'janus')).length === 0, { timeoutMs: 10_000, message: 'Janus of the crashed server to end' });
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await Promise.race([exitPromise, sleep(10_000)]);
    }
    // Whatever is left of the group (the server if it ignored SIGTERM, its Janus child): SIGKILL.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* the group is empty */
    }
    liveGroups.delete(pid);
    // A Janus child that moved to its own group would still carry the data dir on its command line.
    const leftovers = pidsWithCommandLine(join(dataDir, 'janus'));
    for (const leftover of leftovers) {
      try {
        process.kill(leftover, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await waitFor(() => pidsWithCommandLine(join(dataDir, 'janus')).length === 0, {
      timeoutMs: 10_000,
      message: 'Janus processes of this server to end',
    }).catch(() => undefined);
    unregister();
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const result = await waitFor(
      async () => {
        if (exited) return 'exited' as const;
        const h = await health();
        return h?.ok === true && h.janus === 'up' ? ('up' as const) : null;
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 200, message: `${url}/api/health to report janus up` },
    );
    if (result === 'exited') throw new Error(`the server exited during start-up (code ${exited?.code}, signal ${exited?.signal})`);
  } catch (error) {
    process.stderr.write(`\n----- moot server output (start-up failed) -----\n${output.text()}\n-----\n`);
    await stop();
    throw error;
  }

  return {
    url,
    port,
    dataDir,
    janusWsPort,
    janusAdminWsPort,
    env,
    pid,
    cli: (args, stdin) => runCli(env, args, stdin),
    cliRaw: (args, stdin) => runCliRaw(env, args, stdin),
    health,
    janusPids: () => pidsWithCommandLine(join(dataDir, 'janus')).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/comm`, 'utf8').trim().startsWith('janus');
      } catch {
        return false;
      }
    }),
    logs: () => output.text(),
    running: () => !exited,
    crash,
    stop,
  };
}
