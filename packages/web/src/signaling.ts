import type { ClientMessage, ServerMessage } from '@moot/protocol';
import { base } from './org-base.ts';

const backoffMs = [500, 1000, 2000, 4000, 5000];

export interface SignalingHandlers {
  /** The socket is open (first time or again): the owner decides whether to join or resume. */
  onOpen(): void;
  onMessage(message: ServerMessage): void;
  /** The socket closed without `close()` being called; return true to try again. */
  onDrop(): boolean;
}

/**
 * A server message, or null for anything that is not an object with a `type`. Beyond that
 * nothing is checked: a newer server may add message types and fields within a protocol version
 * (docs/protocol.md), and the page ignores the types and fields it does not know.
 */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const typed = typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
  return typed ? (value as ServerMessage) : null;
}

/** The WebSocket to the server, reconnecting with backoff for as long as its owner wants. */
export class Signaling {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly handlers: SignalingHandlers) {}

  connect(): void {
    clearTimeout(this.retryTimer);
    this.closed = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // Under /o/<slug>/ the socket carries the prefix too: the server finds that organization's rooms only.
    const socket = new WebSocket(`${scheme}://${location.host}${base}/ws`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onOpen();
    };
    socket.onmessage = (event) => {
      const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
      if (message) this.handlers.onMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.closed && this.handlers.onDrop()) this.scheduleRetry();
    };
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Returns false when the message could not be sent because the socket is down. */
  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Skips the rest of the backoff wait, e.g. when the browser says the network is back. */
  retryNow(): void {
    if (this.closed || this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  private scheduleRetry(): void {
    const delay = backoffMs[Math.min(this.attempt, backoffMs.length - 1)] ?? 5000;
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
