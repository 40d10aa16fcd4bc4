import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseProgram, type ProgramCandidate } from './program.ts';

const person = (id: string, lastSpokeAt: string | null, camera = true, screen = false): ProgramCandidate => ({ id, lastSpokeAt, camera, screen });

test('the program shows the camera of whoever spoke last', () => {
  const people = [person('a', '2026-01-01T10:00:01Z'), person('b', '2026-01-01T10:00:05Z'), person('c', null)];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'camera' });
});

test('a shared screen wins over every camera, and the screen shown stays while another appears', () => {
  const people = [person('a', '2026-01-01T10:00:09Z'), person('b', null, false, true)];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'screen' });
  const two = [person('c', null, false, true), ...people];
  assert.deepEqual(chooseProgram(two, { participantId: 'b', source: 'screen' }), { participantId: 'b', source: 'screen' });
});

test('the current speaker stays while nobody with a camera has spoken since', () => {
  const people = [person('a', null), person('b', null)];
  assert.deepEqual(chooseProgram(people, { participantId: 'b', source: 'camera' }), { participantId: 'b', source: 'camera' });
  const later = [person('a', '2026-01-01T10:00:09Z'), person('b', '2026-01-01T10:00:01Z')];
  assert.deepEqual(chooseProgram(later, { participantId: 'b', source: 'camera' }), { participantId: 'a', source: 'camera' });
});

test('people whose camera is off are passed over; with no video at all the program shows the card', () => {
  const people = [person('a', '2026-01-01T10:00:09Z', false), person('b', null)];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'camera' });
  assert.equal(chooseProgram([person('a', '2026-01-01T10:00:09Z', false)], undefined), undefined);
});
