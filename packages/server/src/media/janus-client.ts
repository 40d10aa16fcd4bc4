import { EventEmitter } from 'node:events';
import { createHmac, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Logger } from '../log.ts';

/**
 * A small typed client of Janus's WebSocket API: sessions, plugin handles, transactions and
 * events. Only the server speaks to Janus; browsers never see this API.
 */

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

export type PluginData = Record<string, unknown>;

export interface PluginReply {
  data: PluginData;
  jsep?: Jsep;
}

interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: PluginData };
  jsep?: Jsep;
  [key: string]: unknown;
}

export class JanusError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Janus error ${code}: ${message}`);
  }
}

interface Pending {
  resolve: (msg: JanusMessage) => void;
  reject: (err: Error) => void;
  /** For requests Janus answers with a bare ack (trickle, keepalive), the ack is the reply. */
  ackIsFinal: boolean;
  timer: NodeJS.Timeout;
}

const REQUEST_TIMEOUT_MS = 15_000;
const KEEPALIVE_MS = 25_000;
const TOKEN_SECONDS = 3600;

/**
 * Janus's signed tokens (`token_auth_secret`): "<expiry>,janus,<plugin>...:<base64 HMAC-SHA1>",
 * checked on every request and valid for the plugins they name. Renewed at half-life, so a
 * clock of an external node up to half an hour off still accepts them.
 */
export function janusTokenSigner(secret: string, plugins: string[]): () => string {
  let token = '';
  let renewAt = 0;
  return () => {
    const now = Date.now();
    if (now >= renewAt) {
      const data = [String(Math.floor(now / 1000) + TOKEN_SECONDS), 'janus', ...plugins].join(',');
      token = `${data}:${createHmac('sha1', secret).update(data).digest('base64')}`;
      renewAt = now + (TOKEN_SECONDS * 1000) / 2;
    }
    return token;
  };
}

export class JanusConnection extends EventEmitter<{ close: [] }> {
  private pending = new Map<string, Pending>();
  private sessions = new Map<number, JanusSession>();
  private closed = false;

  private constructor(
    private ws: WebSocket,
    private log: Logger,
    private token: (() => string) | undefined,
  ) {
    super();
    ws.on('message', (raw) => this.onMessage(raw.toString()));
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => log.warn({ err: err.message }, 'janus websocket error'));
  }

  /** `token`: the token every request carries, when the node authenticates its API. */
  static connect(url: string, log: Logger, token?: () => string): Promise<JanusConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol');
      ws.once('open', () => resolve(new JanusConnection(ws, log, token)));
      ws.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  request(body: Record<string, unknown>, opts: { ackIsFinal?: boolean } = {}): Promise<JanusMessage> {
    if (this.closed) return Promise.reject(new JanusError(0, 'connection closed'));
    const transaction = randomBytes(9).toString('base64url');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError(0, `no answer to ${String(body.janus)} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(transaction, { resolve, reject, ackIsFinal: opts.ackIsFinal ?? false, timer });
      this.ws.send(JSON.stringify({ ...body, ...(this.token ? { token: this.token() } : {}), transaction }));
    });
  }

  async createSession(): Promise<JanusSession> {
    const reply = await this.request({ janus: 'create' });
    const session = new JanusSession(this, reply.data!.id, this.log);
    this.sessions.set(session.id, session);
    return session;
  }

  /** Janus's `info` request: version and loaded plugins. */
  async info(): Promise<{ version_string: string; plugins: Record<string, unknown> }> {
    return (await this.request({ janus: 'info' })) as unknown as { version_string: string; plugins: Record<string, unknown> };
  }

  forget(session: JanusSession): void {
    this.sessions.delete(session.id);
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(text: string): void {
    let msg: JanusMessage;
    try {
      msg = JSON.parse(text) as JanusMessage;
    } catch {
      this.log.warn('janus sent invalid JSON');
      return;
    }
    const pending = msg.transaction ? this.pending.get(msg.transaction) : undefined;
    if (pending) {
      if (msg.janus === 'ack' && !pending.ackIsFinal) return;
      this.pending.delete(msg.transaction!);
      clearTimeout(pending.timer);
      if (msg.janus === 'error') pending.reject(new JanusError(msg.error?.code ?? 0, msg.error?.reason ?? 'unknown'));
      else pending.resolve(msg);
      return;
    }
    if (msg.session_id !== undefined) this.sessions.get(msg.session_id)?.dispatch(msg);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new JanusError(0, 'connection closed'));
    }
    this.pending.clear();
    for (const session of this.sessions.values()) session.stopKeepalive();
    this.emit('close');
  }
}

export class JanusSession {
  private handles = new Map<number, JanusHandle>();
  private keepalive: NodeJS.Timeout;

  constructor(
    readonly connection: JanusConnection,
    readonly id: number,
    private log: Logger,
  ) {
    this.keepalive = setInterval(() => {
      connection.request({ janus: 'keepalive', session_id: id }, { ackIsFinal: true }).catch((err: Error) => {
        log.warn({ err: err.message }, 'janus keepalive failed');
      });
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.connection.request({ janus: 'attach', session_id: this.id, plugin });
    const handle = new JanusHandle(this, reply.data!.id);
    this.handles.set(handle.id, handle);
    return handle;
  }

  forget(handle: JanusHandle): void {
    this.handles.delete(handle.id);
  }

  dispatch(msg: JanusMessage): void {
    const handle = msg.sender !== undefined ? this.handles.get(msg.sender) : undefined;
    if (!handle) return;
    handle.dispatch(msg);
  }

  stopKeepalive(): void {
    clearInterval(this.keepalive);
  }

  async destroy(): Promise<void> {
    this.stopKeepalive();
    this.connection.forget(this);
    if (this.connection.isOpen) await this.connection.request({ janus: 'destroy', session_id: this.id }).catch(() => undefined);
  }
}

export type HandleEvents = {
  /** Plugin events Janus sends on its own (not answers to our requests). */
  event: [data: PluginData, jsep: Jsep | undefined];
  webrtcup: [];
  hangup: [reason: string];
  media: [type: string, receiving: boolean];
  slowlink: [uplink: boolean, lost: number];
  detached: [];
};

export class JanusHandle extends EventEmitter<HandleEvents> {
  constructor(
    readonly session: JanusSession,
    readonly id: number,
  ) {
    super();
  }

  /** Sends a plugin request; resolves with the plugin's answer or rejects with its error. */
  async message(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply> {
    const reply = await this.session.connection.request({
      janus: 'message',
      session_id: this.session.id,
      handle_id: this.id,
      body,
      ...(jsep ? { jsep } : {}),
    });
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'plugin error'));
    return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
  }

  async trickle(candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null): Promise<void> {
    await this.session.connection.request(
      {
        janus: 'trickle',
        session_id: this.session.id,
        handle_id: this.id,
        candidate: candidate ?? { completed: true },
      },
      { ackIsFinal: true },
    );
  }

  async detach(): Promise<void> {
    this.session.forget(this);
    this.removeAllListeners();
    if (!this.session.connection.isOpen) return;
    await this.session.connection
      .request({ janus: 'detach', session_id: this.session.id, handle_id: this.id })
      .catch(() => undefined);
  }

  dispatch(msg: JanusMessage): void {
    switch (msg.janus) {
      case 'event':
        this.emit('event', msg.plugindata?.data ?? {}, msg.jsep);
        break;
      case 'webrtcup':
        this.emit('webrtcup');
        break;
      case 'hangup':
        this.emit('hangup', String(msg.reason ?? ''));
        break;
      case 'media':
        this.emit('media', String(msg.type ?? ''), Boolean(msg.receiving));
        break;
      case 'slowlink':
        this.emit('slowlink', Boolean(msg.uplink), Number(msg.lost ?? 0));
        break;
      case 'detached':
        this.emit('detached');
        break;
    }
  }
}
