import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomId } from '@moot/protocol';
import { randomId } from './ids.ts';

test('ids are 22 base64url characters that never start with a dash', () => {
  const ids = new Set(Array.from({ length: 5000 }, randomId));
  assert.equal(ids.size, 5000);
  for (const id of ids) {
    assert.ok(RoomId.safeParse(id).success, id);
    assert.match(id, /^[AQgw]/);
  }
});
