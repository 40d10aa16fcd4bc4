/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, person } from './person.fixture.ts';
import { filmstripFor, holdSpotlight, spotlightFor, type Held } from './speaker.ts';

test('the large tile shows the latest other speaker', () => {
  const people = [person('me', { lastSpokeAt: at(20) }), person('a', { lastSpokeAt: at(3) }), person('b', { lastSpokeAt: at(8) })];
  assert.deepEqual(spotlightFor(people, 'me'), { participantId: 'b', source: 'camera' });
});

test('a screen share takes the large tile over any speaker', () => {
  const people = [person('me'), person('a', { lastSpokeAt: at(9) }), person('b', { screenSharing: true })];
  assert.deepEqual(spotlightFor(people, 'me'), { participantId: 'b', source: 'screen' });
});

test('alone in the meeting you see yourself large', () => {
  assert.deepEqual(spotlightFor([person('me')], 'me'), { participantId: 'me', source: 'camera' });
  assert.equal(spotlightFor([], null), null);
});

test('the filmstrip shows you, then screens, then cameras, without the one in the large tile', () => {
  const people = [person('me'), person('a', { screenSharing: true }), person('b'), person('c')];
  const spotlight = { participantId: 'a', source: 'screen' as const };
  const strip = filmstripFor(people, 'me', false, spotlight, 3);
  assert.deepEqual(strip, [
    { participantId: 'me', source: 'camera' },
    { participantId: 'a', source: 'camera' },
    { participantId: 'b', source: 'camera' },
  ]);
});

const A = { participantId: 'a', source: 'camera' as const };
const B = { participantId: 'b', source: 'camera' as const };
const people = [person('me'), person('a'), person('b')];

test('a new speaker waits until the current one has had the large tile for 2 seconds', () => {
  const held: Held = { shown: A, since: 1000 };
  const early = holdSpotlight(held, B, people, 1500);
  assert.deepEqual(early.held, held, 'still A after half a second');
  assert.equal(early.recheckIn, 1500);
  const due = holdSpotlight(held, B, people, 3000);
  assert.deepEqual(due.held, { shown: B, since: 3000 });
  assert.equal(due.recheckIn, null);
});

test('a speaker who comes back within the hold keeps the large tile without a change', () => {
  const held: Held = { shown: A, since: 1000 };
  assert.deepEqual(holdSpotlight(held, A, people, 1200), { held, recheckIn: null });
});

test('a screen share, or a large tile whose person left, changes at once', () => {
  const held: Held = { shown: A, since: 1000 };
  const screen = { participantId: 'b', source: 'screen' as const };
  assert.deepEqual(holdSpotlight(held, screen, [person('a'), person('b', { screenSharing: true })], 1100).held, { shown: screen, since: 1100 });
  assert.deepEqual(holdSpotlight(held, B, [person('b')], 1100).held, { shown: B, since: 1100 });
  // A screen that stopped being shared is no longer there to hold.
  const sharing: Held = { shown: screen, since: 1000 };
  assert.deepEqual(holdSpotlight(sharing, A, [person('a'), person('b')], 1100).held, { shown: A, since: 1100 });
});
