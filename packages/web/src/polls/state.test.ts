/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PollView } from '@moot/protocol';
import { PollState } from './state.ts';

const poll = (change: Partial<PollView> = {}): PollView => ({
  id: 'p1',
  question: 'Ready?',
  kind: 'yesno',
  options: ['Yes', 'No'],
  anonymous: true,
  by: 'Mia',
  closed: false,
  published: false,
  mine: [],
  ...change,
});

test('a closed poll card comes back when the result is published, and for a new poll', () => {
  const state = new PollState();
  assert.equal(state.showing, false);
  state.apply({ type: 'poll', poll: poll() });
  assert.equal(state.showing, true);
  state.dismiss();
  assert.equal(state.showing, false);
  state.apply({ type: 'poll', poll: poll({ mine: [0] }) });
  assert.equal(state.showing, false, 'an answer of ones own does not bring it back');
  state.apply({ type: 'poll', poll: poll({ closed: true, published: true, results: { counts: [1, 0], voters: 1 } }) });
  assert.equal(state.showing, true, 'the published result shows');
  state.dismiss();
  state.apply({ type: 'poll', poll: poll({ id: 'p2' }) });
  assert.equal(state.showing, true, 'a new question shows');
  state.clear();
  assert.equal(state.poll.value, null);
});
