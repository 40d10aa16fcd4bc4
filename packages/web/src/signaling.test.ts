import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerMessage } from './signaling.ts';

test('server messages of unknown types or with unknown fields are passed on, not dropped', () => {
  assert.deepEqual(parseServerMessage('{"type":"somethingNew","x":1}'), { type: 'somethingNew', x: 1 });
  assert.deepEqual(parseServerMessage('{"type":"participantLeft","id":"p1","reason":"new"}'), { type: 'participantLeft', id: 'p1', reason: 'new' });
});

test('text that is not a typed JSON object is dropped', () => {
  for (const text of ['', 'not json', 'null', '42', '"joined"', '[]', '{}', '{"type":7}']) {
    assert.equal(parseServerMessage(text), null, text);
  }
});
