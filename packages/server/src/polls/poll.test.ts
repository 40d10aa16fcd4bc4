import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Poll } from './poll.ts';

test('a single-choice poll takes one answer per person, lets it change, and counts the latest', () => {
  const poll = new Poll({ question: 'Lunch?', kind: 'single', options: ['Soup', 'Salad', 'Pasta'], anonymous: false }, 'Mia');
  assert.equal(poll.answer('p1', 'Ann', [0]), true);
  assert.equal(poll.answer('p2', 'Ben', [2]), true);
  assert.equal(poll.answer('p1', 'Ann', [2]), true, 'Ann changes her mind');
  assert.deepEqual(poll.results(), { counts: [0, 0, 2], voters: 2, names: [[], [], ['Ann', 'Ben']] });
});

test('answers that do not fit the question are refused', () => {
  const single = new Poll({ question: 'Q', kind: 'single', options: ['a', 'b'], anonymous: true }, 'Mia');
  assert.equal(single.answer('p1', 'Ann', [0, 1]), false, 'two answers to a single choice');
  assert.equal(single.answer('p1', 'Ann', [2]), false, 'an answer that is not offered');
  const multiple = new Poll({ question: 'Q', kind: 'multiple', options: ['a', 'b', 'c'], anonymous: true }, 'Mia');
  assert.equal(multiple.answer('p1', 'Ann', [1, 1]), false, 'the same answer twice');
  assert.equal(multiple.answer('p1', 'Ann', [2, 0]), true);
  assert.deepEqual(multiple.results(), { counts: [1, 0, 1], voters: 1 });
});

test('a yes/no poll offers Yes and No whatever options came with it', () => {
  const poll = new Poll({ question: 'Ready?', kind: 'yesno', options: ['x', 'y', 'z'], anonymous: true }, 'Mia');
  assert.deepEqual(poll.options, ['Yes', 'No']);
  assert.equal(poll.answer('p1', 'Ann', [2]), false);
});

test('anonymous results carry no names; participants see results only once published, moderators always', () => {
  const poll = new Poll({ question: 'Q', kind: 'single', options: ['a', 'b'], anonymous: true }, 'Mia');
  poll.answer('p1', 'Ann', [1]);
  assert.equal(poll.viewFor('p2', false).results, undefined);
  assert.deepEqual(poll.viewFor('p2', true).results, { counts: [0, 1], voters: 1 });
  assert.deepEqual(poll.viewFor('p1', false).mine, [1]);
  poll.closed = true;
  poll.published = true;
  assert.deepEqual(poll.viewFor('p2', false).results, { counts: [0, 1], voters: 1 });
});
