import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../../packages/protocol/src/index.ts';
import type { HttpClient } from './http.ts';
import { waitFor } from './wait.ts';

type Joined = Extract<ServerMessage, { type: 'joined' }>;
type Predicate = (message: ServerMessage) => boolean;

/**
 * A protocol-level participant: one WebSocket on /ws (with the member's cookie, if any).
 * Every message received is kept in `received` (in order) and in an inbox that `next()` takes from.
 * It speaks the current protocol version: `send` adds it to `join` and `resume` (`sendJson` sends
 * exactly what it is given).
 */
export class SignalingClient {
  readonly received: ServerMessage[] = [];
  private inbox: ServerMessage[] = [];
  private waiters = new Set<() => void>();
  closed = false;
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      let message: ServerMessage;
      try {
        message = JSON.parse(text) as ServerMessage;
      } catch {
        message = { type: 'error', code: 'internal', message: `unparseable server message: ${text.slice(0, 200)}` };
      }
      this.received.push(message);
      this.inbox.push(message);
      for (const wake of this.waiters) wake();
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      for (const wake of this.waiters) wake();
    });
  }

  static async connect(baseUrl: string, http?: HttpClient): Promise<SignalingClient> {
    const url = baseUrl.replace(/^http/, 'ws') + '/ws';
    const headers: Record<string, string> = { origin: new URL(baseUrl).origin };
    if (http?.cookies.size) headers.cookie = http.cookieHeader();
    const socket = new WebSocket(url, { headers });
    const client = new SignalingClient(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no WebSocket connection to ${url}`)), 10_000);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`WebSocket upgrade refused: ${res.statusCode}`));
      });
    });
    return client;
  }

  send(message: ClientMessage): void {
    const versioned = message.type === 'join' || message.type === 'resume' ? { version: PROTOCOL_VERSION, ...message } : message;
    this.socket.send(JSON.stringify(versioned));
  }

  /** Sends any JSON value (for messages the protocol does not allow). */
  sendJson(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  sendRaw(text: string | Buffer): void {
    this.socket.send(text);
  }

  /** Takes the first message in the inbox that matches (waiting for one up to the deadline). */
  async next<T extends ServerMessage['type']>(
    type: T,
    match: (message: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const predicate: Predicate = (m) => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(predicate);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Extract<ServerMessage, { type: T }>;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        const seen = this.received.map((m) => (m.type === 'error' ? `error:${m.code}` : m.type)).join(', ');
        throw new Error(
          `no '${type}' message ${this.closed ? '(socket closed)' : `within ${timeoutMs} ms`}; received so far: [${seen}]`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** The next error message (optionally answering a given message type). */
  nextError(ref?: string, timeoutMs?: number) {
    return this.next('error', (m) => ref === undefined || m.ref === ref, timeoutMs);
  }

  /** Sends `join` and waits for `joined` (or throws with the error the server answered). */
  async join(message: Omit<Extract<ClientMessage, { type: 'join' }>, 'type'>): Promise<Joined> {
    this.send({ type: 'join', ...message });
    const answer = await waitFor(
      () => this.inbox.find((m) => m.type === 'joined' || (m.type === 'error' && m.ref === 'join')),
      { timeoutMs: 20_000, intervalMs: 20, message: 'an answer to join' },
    );
    this.inbox.splice(this.inbox.indexOf(answer), 1);
    if (answer.type === 'error') throw new Error(`join refused: ${answer.code} (${answer.message})`);
    return answer as Joined;
  }

  count(predicate: Predicate): number {
    return this.received.filter(predicate).length;
  }

  /** Closes politely (close frame). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.socket.close();
    await waitFor(() => this.closed, { timeoutMs: 5000, intervalMs: 20 }).catch(() => this.socket.terminate());
  }

  /** Drops the TCP connection without a close frame, as a lost network would. */
  drop(): void {
    this.socket.terminate();
  }
}
