import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { JanusConnection, janusTokenSigner, type JanusHandle, type JanusSession } from './janus-client.ts';
import { JanusProcess } from './janus-process.ts';
import type { MediaState } from './driver.ts';

/**
 * moot's link to its Janus: starts a managed Janus (or reaches an external one), keeps one
 * session with a control handle for room management, and reports `down`/`up` so meetings can
 * rebuild their media after Janus restarts.
 */
export class MediaServer extends EventEmitter<{ up: [restarted: boolean]; down: [] }> {
  state: MediaState = 'starting';
  session: JanusSession | undefined;
  /** Handles used only to create and destroy rooms, one per plugin. */
  control: { videoroom: JanusHandle; audiobridge: JanusHandle } | undefined;
  readonly adminKey: string;
  readonly process: JanusProcess | undefined;
  /** The token of each API request; none for an external node without token authentication. */
  private readonly token: (() => string) | undefined;
  private connection: JanusConnection | undefined;
  private stopping = false;
  private everUp = false;
  private crashes: number[] = [];

  constructor(
    private config: Config['janus'],
    dataDir: string,
    private log: Logger,
    /** The external node this connects to; the managed Janus has its own. */
    private nodeUrl?: string,
  ) {
    super();
    this.adminKey = config.adminKey ?? randomBytes(18).toString('base64url');
    const tokenSecret = config.tokenSecret ?? (config.mode === 'managed' ? randomBytes(32).toString('base64url') : undefined);
    if (tokenSecret) this.token = janusTokenSigner(tokenSecret, ['janus.plugin.videoroom', 'janus.plugin.audiobridge', 'janus.plugin.streaming']);
    if (config.mode === 'managed' && tokenSecret) {
      this.process = new JanusProcess(config, dataDir, { adminKey: this.adminKey, tokenSecret }, log);
      this.process.on('exit', (code, signal) => {
        // Janus exits cleanly only when asked to (Ctrl-C reaches it with the server): no restart then.
        if (code === 0 && signal === null) return;
        this.onProcessExit();
      });
    }
  }

  get url(): string {
    return this.config.mode === 'managed' ? `ws://127.0.0.1:${this.config.wsPort}` : (this.nodeUrl ?? this.config.urls[0]!);
  }

  /**
   * Resolves once Janus is connected, so a join that arrives while it starts or restarts waits a
   * moment instead of failing; gives up after `timeoutMs` (the caller then finds it still down).
   */
  whenUp(timeoutMs: number): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    return new Promise((resolve) => {
      const onUp = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('up', onUp);
        resolve();
      }, timeoutMs);
      this.once('up', onUp);
    });
  }

  start(): void {
    if (this.config.mode === 'external' && this.config.urls.length === 0) {
      throw new Error('janus.mode is "external" but no janus.urls (MOOT_JANUS_URLS) are configured');
    }
    if (!this.token) this.log.warn('the external Janus is used without token authentication: set token_auth in its janus.jcfg and MOOT_JANUS_TOKEN_SECRET');
    this.process?.start();
    void this.connectLoop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.connection?.close();
    await this.process?.stop();
  }

  private onProcessExit(): void {
    if (this.stopping) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    // Back off when Janus keeps crashing, so a broken config does not spin the CPU.
    const delay = Math.min(10_000, 250 * 2 ** (this.crashes.length - 1));
    setTimeout(() => {
      if (!this.stopping) this.process?.start();
    }, delay);
  }

  private async connectLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        const connection = await JanusConnection.connect(this.url, this.log, this.token);
        const session = await connection.createSession();
        const control = {
          videoroom: await session.attach('janus.plugin.videoroom'),
          audiobridge: await session.attach('janus.plugin.audiobridge'),
        };
        const info = await connection.info();
        this.connection = connection;
        this.session = session;
        this.control = control;
        this.state = 'up';
        connection.once('close', () => this.onConnectionClosed());
        this.log.info({ version: info.version_string, url: this.url }, 'janus connected');
        const restarted = this.everUp;
        this.everUp = true;
        this.emit('up', restarted);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private onConnectionClosed(): void {
    this.session = undefined;
    this.control = undefined;
    this.connection = undefined;
    if (this.stopping) return;
    this.state = 'down';
    this.log.warn({ url: this.url }, 'janus connection lost');
    this.emit('down');
    void this.connectLoop();
  }
}
