import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseProgram, type ProgramCandidate } from './program.ts';

const person = (id: string, lastSpokeAt: string | null, { speaking = false, camera = true, screen = false } = {}): ProgramCandidate => ({ id, speaking, lastSpokeAt, camera, screen });

test('with nobody shown yet and nobody talking, the program shows the camera of whoever spoke last', () => {
  const people = [person('a', '2026-01-01T10:00:01Z'), person('b', '2026-01-01T10:00:05Z'), person('c', null)];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'camera' });
});

test('a shared screen wins over every camera, and the screen shown stays while another appears', () => {
  const people = [person('a', '2026-01-01T10:00:09Z', { speaking: true }), person('b', null, { camera: false, screen: true })];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'screen' });
  const two = [person('c', null, { camera: false, screen: true }), ...people];
  assert.deepEqual(chooseProgram(two, { participantId: 'b', source: 'screen' }), { participantId: 'b', source: 'screen' });
});

test('the speaker shown stays while they talk, even when someone starts talking over them', () => {
  const people = [person('a', '2026-01-01T10:00:01Z', { speaking: true }), person('b', '2026-01-01T10:00:05Z', { speaking: true })];
  assert.deepEqual(chooseProgram(people, { participantId: 'a', source: 'camera' }), { participantId: 'a', source: 'camera' });
});

test('when the speaker shown stops, the one talking takes the picture; when nobody talks, the picture stays', () => {
  const talking = [person('a', '2026-01-01T10:00:01Z'), person('b', '2026-01-01T10:00:05Z', { speaking: true })];
  assert.deepEqual(chooseProgram(talking, { participantId: 'a', source: 'camera' }), { participantId: 'b', source: 'camera' });
  const quiet = [person('a', '2026-01-01T10:00:01Z'), person('b', '2026-01-01T10:00:05Z')];
  assert.deepEqual(chooseProgram(quiet, { participantId: 'a', source: 'camera' }), { participantId: 'a', source: 'camera' });
});

test('people whose camera is off are passed over; with no video at all the program shows the card', () => {
  const people = [person('a', '2026-01-01T10:00:09Z', { speaking: true, camera: false }), person('b', null)];
  assert.deepEqual(chooseProgram(people, undefined), { participantId: 'b', source: 'camera' });
  assert.equal(chooseProgram([person('a', '2026-01-01T10:00:09Z', { camera: false })], undefined), undefined);
});

test('the presenter’s page takes the picture from cameras while a presentation is shown; a shared screen still wins over it', () => {
  const slide = { deckId: 'deck', page: 2 };
  const talking = [person('a', '2026-01-01T10:00:09Z', { speaking: true })];
  assert.deepEqual(chooseProgram(talking, { participantId: 'a', source: 'camera' }, slide), { slide });
  assert.deepEqual(chooseProgram([], undefined, slide), { slide }, 'without any camera too');
  const sharing = [...talking, person('b', null, { camera: false, screen: true })];
  assert.deepEqual(chooseProgram(sharing, undefined, slide), { participantId: 'b', source: 'screen' });
});
