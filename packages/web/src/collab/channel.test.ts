/// <reference types="node" />
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import * as Y from 'yjs';
import type { ClientMessage, ServerMessage } from '@moot/protocol';
import { CollabChannel, type CollabHost } from './channel.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The server's side in miniature: one document, relaying to everyone else connected; it can refuse or be offline. */
class FakeServer {
  readonly doc = new Y.Doc();
  private hosts = new Set<FakeHost>();
  refuseNext = false;
  readOnly = false;

  connect(host: FakeHost): void {
    this.hosts.add(host);
  }

  receive(from: FakeHost, message: ClientMessage): void {
    if (message.type === 'collabSync') {
      const update = b64(Y.encodeStateAsUpdate(this.doc, bytes(message.stateVector)));
      from.deliver({ type: 'collabState', doc: message.doc, update, stateVector: b64(Y.encodeStateVector(this.doc)), access: 'everyone' });
    } else if (message.type === 'collabUpdate') {
      if (this.readOnly) return from.deliver({ type: 'error', code: 'collab-read-only', message: '', ref: 'collabUpdate' });
      if (this.refuseNext) {
        this.refuseNext = false;
        return from.deliver({ type: 'error', code: 'collab-too-fast', message: '', ref: 'collabUpdate' });
      }
      Y.applyUpdate(this.doc, bytes(message.update));
      for (const host of this.hosts) if (host !== from && host.online) host.deliver(message as ServerMessage);
    }
  }
}

class FakeHost implements CollabHost {
  online = true;
  sent: ClientMessage[] = [];
  private listeners = new Set<(message: ServerMessage) => void>();

  constructor(private server: FakeServer) {
    server.connect(this);
  }

  listen(listener: (message: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  trySend(message: ClientMessage): boolean {
    if (!this.online) return false;
    this.sent.push(message);
    this.server.receive(this, message);
    return true;
  }

  deliver(message: ServerMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}

const textOf = (channel: CollabChannel) => channel.doc.getText('text').toString();

test('two browsers converge; changes go out in batches; a reconnection and a refused change are caught up', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const server = new FakeServer();
    const aHost = new FakeHost(server);
    const bHost = new FakeHost(server);
    const a = new CollabChannel('notes', aHost);
    const b = new CollabChannel('notes', bHost);
    assert.equal(a.synced.value, true);

    // Typing a word is one message, not one per letter.
    for (const letter of 'hello') a.doc.getText('text').insert(a.doc.getText('text').length, letter);
    mock.timers.tick(100);
    assert.equal(aHost.sent.filter((m) => m.type === 'collabUpdate').length, 1);
    assert.equal(textOf(b), 'hello');

    // B types while its connection is down; after `joined` it catches up both ways.
    bHost.online = false;
    b.doc.getText('text').insert(0, '> ');
    mock.timers.tick(100);
    a.doc.getText('text').insert(a.doc.getText('text').length, ' world');
    mock.timers.tick(100);
    bHost.online = true;
    bHost.deliver({ type: 'joined' } as ServerMessage);
    mock.timers.tick(100);
    assert.equal(textOf(b), '> hello world');
    assert.equal(textOf(a), '> hello world');

    // A refused change leaves a gap: a fresh catch-up a moment later fills it.
    server.refuseNext = true;
    a.doc.getText('text').insert(0, '# ');
    mock.timers.tick(100);
    assert.equal(textOf(b), '> hello world');
    mock.timers.tick(1000);
    mock.timers.tick(100);
    assert.equal(textOf(b), '# > hello world');
    assert.equal(server.doc.getText('text').toString(), '# > hello world');

    // Refused as read-only, a change is not sent again and again; once this person may write
    // again, it goes (and what follows it is not stuck behind the gap).
    server.readOnly = true;
    a.doc.getText('text').insert(0, '1');
    mock.timers.tick(100);
    mock.timers.tick(5000);
    const attempts = () => aHost.sent.filter((m) => m.type === 'collabUpdate').length;
    const refusedSoFar = attempts();
    mock.timers.tick(5000);
    assert.equal(attempts(), refusedSoFar, 'no retries while the document is closed to this person');
    server.readOnly = false;
    a.writable();
    mock.timers.tick(100);
    a.doc.getText('text').insert(1, '2');
    mock.timers.tick(100);
    assert.equal(textOf(b), '12# > hello world');
    a.writable();
    assert.equal(aHost.sent.at(-1)?.type, 'collabUpdate', 'caught up: nothing more to send');
    a.dispose();
    b.dispose();
  } finally {
    mock.timers.reset();
  }
});
