import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StageView } from '@moot/protocol';
import { StageState } from './state.ts';

const view = (over: Partial<StageView> = {}): StageView => ({ stage: ['olga'], backstage: [], queue: [], current: null, warnSeconds: 60, defaultSeconds: 300, ...over });

test('the page learns its own place from each stage message and is told when it changes', () => {
  const stage = new StageState();
  assert.equal(stage.placeOf('ann'), null);
  assert.equal(stage.apply({ type: 'stage', stage: view() }, 'ann', 0), 'audience');
  assert.equal(stage.apply({ type: 'stage', stage: view({ backstage: ['ann'] }) }, 'ann', 0), 'backstage');
  assert.equal(stage.apply({ type: 'stage', stage: view({ backstage: ['ann'] }) }, 'ann', 0), undefined, 'no change, no news');
  assert.equal(stage.apply({ type: 'stage', stage: view({ stage: ['olga', 'ann'] }) }, 'ann', 0), 'on-stage');
  assert.equal(stage.apply({ type: 'stage', stage: null }, 'ann', 0), 'event-ended');
  assert.equal(stage.apply({ type: 'stage', stage: view() }, 'olga', 0), 'event-started');
  assert.equal(stage.apply({ type: 'chat', message: { id: '1', from: { id: 'x', name: 'X' }, text: 'hi', at: '' } }, 'olga', 0), undefined);
});

test('the timer counts down from the arrival of the message, whatever the clocks of server and page say', () => {
  const stage = new StageState();
  const current = { id: 't', participantId: 'ann', name: 'Ann', title: 'Rust', seconds: 300, elapsed: 100 };
  stage.apply({ type: 'stage', stage: view({ current }) }, 'ann', 50_000);
  assert.equal(stage.secondsLeft(50_000), 200);
  assert.equal(stage.secondsLeft(50_000 + 201_000), -1);
  stage.clear();
  assert.equal(stage.secondsLeft(0), null);
});
