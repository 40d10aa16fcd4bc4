/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { person } from '../meeting/person.fixture.ts';
import { BreakoutState } from './state.ts';

const rooms = { rooms: [{ index: 0, name: 'Room 1' }, { index: 1, name: 'Room 2' }], assign: 'manual' as const, callers: 'stay' as const, endsAt: '2026-11-29T20:00:00.000Z', where: { ann: 0, ben: 1 } };

test('people see and hear only those in their own room; everyone while no rooms are open', () => {
  const state = new BreakoutState();
  const people = [person('ann'), person('ben'), person('mia')];
  assert.deepEqual(state.sameRoom(people, 'ann').map((p) => p.id), ['ann', 'ben', 'mia']);
  state.apply({ type: 'breakouts', breakouts: rooms });
  assert.deepEqual(state.sameRoom(people, 'ann').map((p) => p.id), ['ann']);
  assert.deepEqual(state.sameRoom(people, 'mia').map((p) => p.id), ['mia'], 'the main room keeps those not sent anywhere');
  assert.equal(state.roomOf('ben'), 1);
  assert.equal(state.roomOf('mia'), null);
  state.apply({ type: 'breakouts', breakouts: null });
  assert.equal(state.sameRoom(people, 'ann').length, 3);
});

test('a closed breakout card comes back with a message to all rooms', () => {
  const state = new BreakoutState();
  state.apply({ type: 'breakouts', breakouts: rooms });
  assert.equal(state.showing, true);
  state.hide();
  assert.equal(state.showing, false);
  state.apply({ type: 'breakoutMessage', from: 'Mia', text: 'Five minutes left', at: '2026-11-29T19:55:00.000Z' });
  assert.equal(state.showing, true);
  assert.equal(state.note.value?.text, 'Five minutes left');
});
