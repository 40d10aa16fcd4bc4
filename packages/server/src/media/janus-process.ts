import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { janusConfigFiles, janusLibDir, jemallocLibrary, type JanusSecrets } from './janus-config.ts';

/**
 * Janus warnings that say nothing is wrong. "Failed to add some remote candidates": when Janus
 * offers (subscriptions), the browser's first connectivity check arrives before its trickled
 * candidates; libnice refuses to add the peer-reflexive candidate Janus discovered that way, and
 * the same address is added a moment later as the host candidate it really is.
 */
const HARMLESS = ['has been disabled', 'Failed to add some remote candidates', 'mDNS resolution disabled'];

/**
 * A Janus left running by a moot that was killed outright (SIGKILL reaches only the node
 * process) would hold the ports the new one needs: end it first. It is known by the pid file
 * this folder's Janus wrote and by its command line naming this folder.
 */
function endOrphan(configDir: string, log: Logger): void {
  const pidFile = join(configDir, 'janus.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const alive = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(configDir);
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return;
  log.warn({ janusPid: pid }, 'ending a janus left over from an earlier run');
  process.kill(pid, 'SIGKILL');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 100 && alive(); i++) Atomics.wait(pause, 0, 0, 20);
}

/**
 * Runs Janus as a child process with a generated configuration, and starts it again when it
 * dies. Its output goes to moot's log at debug level (warnings and errors at warn).
 */

export class JanusProcess extends EventEmitter<{ exit: [code: number | null, signal: string | null] }> {
  private child: ChildProcess | undefined;
  private stopping = false;
  readonly configDir: string;

  constructor(
    private config: Config['janus'],
    dataDir: string,
    private secrets: JanusSecrets,
    private log: Logger,
  ) {
    super();
    this.configDir = join(dataDir, 'janus');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private warnedNoJemalloc = false;

  /** The jemalloc to preload; missing, the system's allocator serves, said once. */
  private jemalloc(): string | undefined {
    const found = jemallocLibrary();
    if (!found && !this.warnedNoJemalloc) {
      this.warnedNoJemalloc = true;
      this.log.warn('jemalloc is not installed (Debian package libjemalloc2): Janus runs on the system allocator, whose memory creeps up in long meetings');
    }
    return found;
  }

  start(): void {
    mkdirSync(this.configDir, { recursive: true, mode: 0o700 });
    for (const [file, text] of Object.entries(janusConfigFiles(this.config, this.configDir, janusLibDir(), this.secrets))) {
      writeFileSync(join(this.configDir, file), text, { mode: 0o600 });
    }
    endOrphan(this.configDir, this.log);
    // Janus runs a thread per handle, and glibc keeps the memory those short-lived threads freed
    // in fragments it does not give back: a soak grew Janus by 31 % in half an hour with the
    // default arenas and still by 5-8 % with two. Under jemalloc the same soak held flat (see
    // bench/README.md), so the managed Janus runs on it when installed; with the system's
    // allocator, two arenas at least (an operator's own MALLOC_ARENA_MAX wins).
    const env: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: '2', ...process.env };
    const preload = [this.config.allocator === 'jemalloc' ? this.jemalloc() : undefined, this.config.preload].filter((p): p is string => Boolean(p));
    if (preload.length > 0) env.LD_PRELOAD = preload.join(':');
    const child = spawn(this.config.binary, ['--disable-colors', '-C', join(this.configDir, 'janus.jcfg'), '-F', this.configDir], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    if (child.pid) writeFileSync(join(this.configDir, 'janus.pid'), String(child.pid), { mode: 0o600 });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        if (/\[(ERR|WARN)\]/.test(line) && !HARMLESS.some((h) => line.includes(h))) this.log.warn({ janus: line }, 'janus');
        else this.log.debug({ janus: line }, 'janus');
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('error', (err) => this.log.error({ err: err.message }, 'could not start janus'));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (!this.stopping) this.log.warn({ code, signal }, 'janus exited');
      this.emit('exit', code, signal);
    });
    this.log.info({ janusPid: child.pid, config: this.configDir }, 'janus started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
