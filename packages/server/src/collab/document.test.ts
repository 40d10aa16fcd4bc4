import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { MAX_COLLAB_DOCUMENT_BYTES, NOTES_TEXT } from '@moot/protocol';
import { LiveDocument } from './document.ts';

test('a browser catches up from its state vector and the snapshot keeps the notes as text', () => {
  const server = new LiveDocument('notes');
  const writer = new Y.Doc();
  writer.getText(NOTES_TEXT).insert(0, 'Agenda');
  assert.deepEqual(server.apply(Y.encodeStateAsUpdate(writer)), { ok: true });
  const late = new Y.Doc();
  Y.applyUpdate(late, server.diff(Y.encodeStateVector(late)));
  assert.equal(late.getText(NOTES_TEXT).toString(), 'Agenda');
  assert.equal(server.dirty, true);
  const { state, text } = server.snapshot();
  assert.equal(text, 'Agenda');
  assert.equal(server.dirty, false);
  assert.equal(new LiveDocument('notes', state).doc.getText(NOTES_TEXT).toString(), 'Agenda', 'a stored state reopens');
});

test('bytes that are not a document update are refused and change nothing', () => {
  const server = new LiveDocument('board');
  assert.deepEqual(server.apply(new Uint8Array([255, 255, 255, 255, 1, 2, 3])), { ok: false, reason: 'malformed' });
  assert.equal(server.dirty, false);
});

test('a document that would grow past its limit refuses the change', () => {
  const server = new LiveDocument('notes');
  const writer = new Y.Doc();
  const chunk = 'x'.repeat(30_000);
  let refused = false;
  for (let i = 0; i * chunk.length < MAX_COLLAB_DOCUMENT_BYTES * 2 && !refused; i++) {
    const before = Y.encodeStateVector(writer);
    writer.getText(NOTES_TEXT).insert(0, chunk);
    const applied = server.apply(Y.encodeStateAsUpdate(writer, before));
    if (!applied.ok) {
      assert.equal(applied.reason, 'full');
      refused = true;
    }
  }
  assert.ok(refused);
  assert.ok(server.snapshot().state.byteLength <= MAX_COLLAB_DOCUMENT_BYTES);
});
