import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { editBetween, moveThrough } from './binding.ts';

test('one typed edit is found between two versions of the text', () => {
  assert.deepEqual(editBetween('hello world', 'hello brave world'), { index: 6, removed: 0, inserted: 'brave ' });
  assert.deepEqual(editBetween('hello world', 'hello'), { index: 5, removed: 6, inserted: '' });
  assert.deepEqual(editBetween('aaa', 'aaaa'), { index: 3, removed: 0, inserted: 'a' });
  assert.deepEqual(editBetween('abc', 'aXc'), { index: 1, removed: 1, inserted: 'X' });
  assert.deepEqual(editBetween('', 'new'), { index: 0, removed: 0, inserted: 'new' });
});

test("the caret stays on the same character when another person's change lands before it", () => {
  const doc = new Y.Doc();
  const text = doc.getText('text');
  text.insert(0, 'hello world');
  let delta: { insert?: unknown; delete?: number; retain?: number }[] = [];
  text.observe((event) => {
    delta = event.delta as typeof delta;
  });
  text.insert(0, '>> ');
  assert.equal(moveThrough(6, delta), 9, 'an insertion before the caret moves it on');
  text.insert(text.length, '!');
  assert.equal(moveThrough(9, delta), 9, 'one after it does not');
  text.delete(0, 3);
  assert.equal(moveThrough(9, delta), 6, 'a deletion before moves it back');
  assert.equal(moveThrough(1, delta), 0, 'a deletion around it leaves it where the deletion began');
});
