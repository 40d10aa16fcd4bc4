import { EventEmitter } from 'node:events';
import type { Cluster } from './cluster.ts';
import { parseMessage } from './cluster.ts';
import type { MeetingOwners } from './owners.ts';
import { Down, Open, Up } from './relay-messages.ts';
import type { Knock } from '../meetings/admission.ts';
import type { SignalingSocket } from '../signaling/hub.ts';
import type { Logger } from '../log.ts';
import { randomId } from '../ids.ts';

/** The relaying process says the browser is there this often; the owner counts it gone after a few missed. */
export const BEAT_MS = 3000;
export const BEAT_LOST_MS = 20_000;
/** An owner that does not take a connection within this is treated as gone. */
export const READY_WAIT_MS = 5000;
/**
 * "Service restart": the page connects again on any close it did not ask for, and resumes; the
 * meeting then runs in whichever process takes it over.
 */
export const OWNER_LOST_CLOSE = 1012;

/** Where a process takes what others hand it: browsers (`open`) and phone calls (`call`). */
export const inbox = (cluster: Pick<Cluster, 'key'>, processId: string) => cluster.key('process', processId, 'inbox');
/** One relayed connection's channels: `up` towards the owner, `down` from it. */
export const channels = (cluster: Pick<Cluster, 'key'>, connId: string) => ({ up: cluster.key('relay', connId, 'up'), down: cluster.key('relay', connId, 'down') });

/** The browser's end, in the process that holds its socket. */
export interface BrowserEnd {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** A browser's signaling relayed to the process that owns its meeting. */
export interface Relay {
  forward(text: string): void;
  /** The browser's socket closed. */
  close(): void;
}

/**
 * Opens a relay: listens on the connection's down channel, asks the owner to serve the browser,
 * and holds back what the browser sends until the owner listens. Closes the browser's socket
 * (the page comes back by itself) when the owner stops beating or never answers.
 */
export async function openRelay(cluster: Cluster, owners: MeetingOwners, owner: string, knock: Knock, sessionToken: string | undefined, browser: BrowserEnd, log: Logger): Promise<Relay> {
  const connId = randomId();
  const { up, down } = channels(cluster, connId);
  let ready = false;
  let closed = false;
  const held: string[] = [];
  const publish = (message: Up) => void cluster.publish(up, JSON.stringify(message)).catch((err: Error) => log.warn({ err: err.message }, 'could not relay a message'));
  const stop = () => {
    closed = true;
    clearInterval(beat);
    clearTimeout(waiting);
    void unsubscribe().catch(() => undefined);
  };
  const end = (code: number, reason: string) => {
    if (closed) return;
    stop();
    browser.close(code, reason);
  };
  const unsubscribe = await cluster.subscribe(down, (text) => {
    const message = parseMessage(Down, text);
    if (!message || closed) return;
    if (message.type === 'ready') {
      ready = true;
      clearTimeout(waiting);
      for (const t of held.splice(0)) publish({ type: 'message', text: t });
    } else if (message.type === 'message') browser.send(message.text);
    else end(message.code, message.reason);
  });
  const waiting = setTimeout(() => end(OWNER_LOST_CLOSE, 'meeting moved'), READY_WAIT_MS);
  const beat = setInterval(() => {
    publish({ type: 'beat' });
    void owners.alive(owner).then(
      (alive) => alive || (log.info({ owner }, 'the meeting’s process is gone: the page reconnects'), end(OWNER_LOST_CLOSE, 'meeting moved')),
      () => undefined,
    );
  }, BEAT_MS);
  beat.unref();
  const open: Open = { type: 'open', connId, knock, ...(sessionToken ? { sessionToken } : {}) };
  await cluster.publish(inbox(cluster, owner), JSON.stringify(open));
  return {
    forward(text) {
      if (closed) return;
      if (ready) publish({ type: 'message', text });
      else held.push(text);
    },
    close() {
      if (closed) return;
      publish({ type: 'close' });
      stop();
    },
  };
}

const OPEN = 1;
const CLOSED = 3;

/** The owner's stand-in for a socket held by another process: what the signaling connection sends goes down the relay. */
class RelayedSocket extends EventEmitter implements SignalingSocket {
  readonly OPEN = OPEN;
  readyState = OPEN;
  private lastBeat = Date.now();

  constructor(
    private cluster: Cluster,
    private down: string,
    private unsubscribe: () => Promise<void>,
  ) {
    super();
  }

  private publish(message: Down): void {
    void this.cluster.publish(this.down, JSON.stringify(message)).catch(() => undefined);
  }

  send(text: string): void {
    if (this.readyState === OPEN) this.publish({ type: 'message', text });
  }

  receive(message: Up): void {
    if (this.readyState !== OPEN) return;
    if (message.type === 'message') this.emit('message', Buffer.from(message.text), false);
    else if (message.type === 'beat') this.lastBeat = Date.now();
    else this.closed();
  }

  /** Answered for the browser while its process says it is there. */
  ping(): void {
    if (Date.now() - this.lastBeat < BEAT_LOST_MS) setImmediate(() => this.emit('pong'));
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState !== OPEN) return;
    this.publish({ type: 'close', code, reason });
    this.closed();
  }

  terminate(): void {
    this.close(OWNER_LOST_CLOSE, 'gone');
  }

  private closed(): void {
    this.readyState = CLOSED;
    void this.unsubscribe().catch(() => undefined);
    this.emit('close');
  }

  started(): void {
    this.publish({ type: 'ready' });
  }
}

/** Serves, in the owning process, the browsers other processes relay here. */
export class RelayHost {
  private sockets = new Set<RelayedSocket>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private cluster: Cluster,
    private serve: (socket: SignalingSocket, knock: Knock, sessionToken: string | undefined) => void,
    private log: Logger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.cluster.subscribe(inbox(this.cluster, this.cluster.processId), (text) => {
      const open = parseMessage(Open, text);
      if (open) void this.open(open).catch((err: Error) => this.log.warn({ err: err.message }, 'could not take a relayed connection'));
    });
  }

  private async open({ connId, knock, sessionToken }: Open): Promise<void> {
    const { up, down } = channels(this.cluster, connId);
    let socket: RelayedSocket | undefined;
    const unsubscribe = await this.cluster.subscribe(up, (text) => {
      const message = parseMessage(Up, text);
      if (message) socket?.receive(message);
    });
    socket = new RelayedSocket(this.cluster, down, unsubscribe);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.serve(socket, knock, sessionToken);
    socket.started();
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    for (const socket of this.sockets) socket.close(OWNER_LOST_CLOSE, 'server stopping');
  }
}
