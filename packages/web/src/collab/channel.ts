import * as Y from 'yjs';
import { signal, type ReadonlySignal } from '@preact/signals';
import { MAX_COLLAB_UPDATE_BYTES, type CollabAccess, type CollabDocumentName } from '@moot/protocol/plain';
import type { ClientMessage, ServerMessage } from '@moot/protocol';
import { fromBase64, toBase64 } from './base64.ts';

/** What a shared document needs from the meeting session. */
export interface CollabHost {
  listen(listener: (message: ServerMessage) => void): () => void;
  trySend(message: ClientMessage): boolean;
}

/** The origin of changes that came from the server: they are never sent back, nor undone here. */
export const REMOTE = Symbol('remote');

/** Local changes go out together at most this often: a pen stroke's points in a few messages, not hundreds. */
const BATCH_MS = 80;
/** After a refused change, this long before catching up with the server. */
const RESYNC_MS = 1000;

/**
 * One shared document of the meeting in this browser: opens it with the server (sending its
 * state vector, receiving what it lacks and sending back what the server lacks), applies the
 * others' changes and sends its own in batches. A refused change, a dropped connection or a
 * `joined` after reconnecting all end the same way: a fresh catch-up, which Yjs makes safe to
 * repeat.
 */
export class CollabChannel {
  readonly doc = new Y.Doc();
  private readonly accessState = signal<CollabAccess>('everyone');
  private readonly syncedState = signal(false);
  private pending: Uint8Array[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  /** The server refused a change of ours: it lacks it, and waits for it before any later one. */
  private behind = false;
  private readonly unlisten: () => void;

  readonly access: ReadonlySignal<CollabAccess> = this.accessState;
  /** True once the server's state is here. */
  readonly synced: ReadonlySignal<boolean> = this.syncedState;

  constructor(
    readonly name: CollabDocumentName,
    private readonly host: CollabHost,
  ) {
    this.doc.on('update', this.onLocalUpdate);
    this.unlisten = host.listen((message) => this.receive(message));
    this.sync();
  }

  dispose(): void {
    this.unlisten();
    clearTimeout(this.batchTimer);
    clearTimeout(this.resyncTimer);
    this.doc.off('update', this.onLocalUpdate);
    this.doc.destroy();
  }

  /** This person may write (again): whatever the server refused goes once more. */
  writable(): void {
    if (this.behind) this.sync();
  }

  private sync(): void {
    this.host.trySend({ type: 'collabSync', doc: this.name, stateVector: toBase64(Y.encodeStateVector(this.doc)) });
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        // A new connection: whatever was on its way may be lost.
        this.pending = [];
        return this.sync();
      case 'collabState':
        if (message.doc !== this.name) return;
        Y.applyUpdate(this.doc, fromBase64(message.update), REMOTE);
        this.accessState.value = message.access;
        this.syncedState.value = true;
        this.behind = false;
        return this.sendMissing(fromBase64(message.stateVector));
      case 'collabUpdate':
        if (message.doc === this.name) Y.applyUpdate(this.doc, fromBase64(message.update), REMOTE);
        return;
      case 'collabAccess':
        if (message.doc === this.name) this.accessState.value = message.access;
        return;
      case 'error':
        // A refused change leaves a gap the server would wait on: catch up once it may be sent,
        // after a moment when it came too fast, when this person may write again otherwise.
        if (message.ref !== 'collabUpdate') return;
        this.behind = true;
        if (message.code === 'collab-too-fast') this.resyncSoon();
        return;
    }
  }

  /** What the server lacks (changes made while offline, or refused), if any. */
  private sendMissing(serverState: Uint8Array): void {
    const missing = Y.encodeStateAsUpdate(this.doc, serverState);
    // An update with no structs and no deletions: a couple of zero bytes.
    if (missing.byteLength > 2) this.queue(missing);
  }

  private resyncSoon(): void {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => this.sync(), RESYNC_MS);
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) this.queue(update);
  };

  private queue(update: Uint8Array): void {
    this.pending.push(update);
    this.batchTimer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.batchTimer = undefined;
    const merged = Y.mergeUpdates(this.pending);
    const parts = merged.byteLength <= MAX_COLLAB_UPDATE_BYTES ? [merged] : this.pending;
    this.pending = [];
    for (const part of parts) {
      // Too large for one message (a huge paste): the server cannot take it; it stays here only.
      if (part.byteLength > MAX_COLLAB_UPDATE_BYTES) continue;
      if (!this.host.trySend({ type: 'collabUpdate', doc: this.name, update: toBase64(part) })) return;
    }
  }
}
