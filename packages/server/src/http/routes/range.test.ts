import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from './range.ts';

test('byte ranges as players send them', () => {
  assert.equal(parseRange(undefined, 100), undefined);
  assert.deepEqual(parseRange('bytes=0-', 100), [0, 99]);
  assert.deepEqual(parseRange('bytes=10-19', 100), [10, 19]);
  assert.deepEqual(parseRange('bytes=90-200', 100), [90, 99]);
  assert.deepEqual(parseRange('bytes=-10', 100), [90, 99]);
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=5-1', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-6', 100), undefined);
});
