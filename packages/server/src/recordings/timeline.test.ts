import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cut, onlyWhileSent, speakers, type TimelineEvent, type TrackNote } from './timeline.ts';

const tracks: TrackNote[] = [
  { base: 't0', participantId: 'a', name: 'Ann', source: 'camera' },
  { base: 't1', participantId: 'b', name: 'Bo', source: 'camera' },
  { base: 't2', participantId: 'b', name: 'Bo', source: 'screen' },
];

test('the first camera shows until someone speaks, then the speaker, and a screen share wins', () => {
  const events: TimelineEvent[] = [
    { at: 0, kind: 'start', track: 0 },
    { at: 100, kind: 'start', track: 1 },
    { at: 1000, kind: 'speaking', participantId: 'b' },
    { at: 2000, kind: 'start', track: 2 },
    { at: 3000, kind: 'stop', track: 2 },
    { at: 3500, kind: 'speaking', participantId: 'a' },
  ];
  assert.deepEqual(cut(tracks, events, 5000), [
    { from: 0, to: 1000, track: 0 },
    { from: 1000, to: 2000, track: 1 },
    { from: 2000, to: 3000, track: 2 },
    { from: 3000, to: 3500, track: 1 },
    { from: 3500, to: 5000, track: 0 },
  ]);
});

test('a slide page takes the picture from the cameras while shown, page by page; a screen share still wins', () => {
  const page = (n: number) => ({ deckId: 'deck', page: n });
  const events: TimelineEvent[] = [
    { at: 0, kind: 'start', track: 0 },
    { at: 1000, kind: 'slide', slide: page(1) },
    { at: 1500, kind: 'slide', slide: page(1) },
    { at: 2000, kind: 'slide', slide: page(2) },
    { at: 3000, kind: 'start', track: 2 },
    { at: 3500, kind: 'stop', track: 2 },
    { at: 4000, kind: 'slide', slide: null },
  ];
  assert.deepEqual(cut(tracks, events, 5000), [
    { from: 0, to: 1000, track: 0 },
    { from: 1000, to: 2000, track: null, slide: page(1) },
    { from: 2000, to: 3000, track: null, slide: page(2) },
    { from: 3000, to: 3500, track: 2 },
    { from: 3500, to: 4000, track: null, slide: page(2) },
    { from: 4000, to: 5000, track: 0 },
  ]);
});

test('black before the first camera and after the last one stops', () => {
  const events: TimelineEvent[] = [
    { at: 500, kind: 'start', track: 0 },
    { at: 1500, kind: 'stop', track: 0 },
  ];
  assert.deepEqual(cut(tracks, events, 2000), [
    { from: 0, to: 500, track: null },
    { from: 500, to: 1500, track: 0 },
    { from: 1500, to: 2000, track: null },
  ]);
});

test('the speaker index names each change of speaker once', () => {
  const events: TimelineEvent[] = [
    { at: 10, kind: 'speaking', participantId: 'a' },
    { at: 20, kind: 'speaking', participantId: 'a' },
    { at: 30, kind: 'speaking', participantId: 'b' },
  ];
  assert.deepEqual(speakers(tracks, events), [
    { at: 10, name: 'Ann' },
    { at: 30, name: 'Bo' },
  ]);
});

test('a camera takes the picture only while it sent frames, and one that sent nothing never does', () => {
  const events: TimelineEvent[] = [
    { at: 0, kind: 'start', track: 0 },
    { at: 0, kind: 'start', track: 1 },
    { at: 200, kind: 'speaking', participantId: 'b' },
    { at: 4000, kind: 'stop', track: 0 },
  ];
  // Ann's camera sent from 1 s to 3 s; Bo's camera never sent a frame.
  const sent = new Map([[0, [{ from: 1000, to: 3000 }]]]);
  assert.deepEqual(cut(tracks, onlyWhileSent(tracks, events, sent), 5000), [
    { from: 0, to: 1000, track: null },
    { from: 1000, to: 3000, track: 0 },
    { from: 3000, to: 5000, track: null },
  ]);
});

test("while the speaker's camera is off, the picture goes to another camera and comes back", () => {
  const events: TimelineEvent[] = [
    { at: 0, kind: 'start', track: 0 },
    { at: 0, kind: 'start', track: 1 },
    { at: 100, kind: 'speaking', participantId: 'b' },
  ];
  const sent = new Map([
    [0, [{ from: 0, to: Infinity }]],
    [1, [{ from: 0, to: 2000 }, { from: 3500, to: Infinity }]],
  ]);
  assert.deepEqual(cut(tracks, onlyWhileSent(tracks, events, sent), 5000), [
    { from: 0, to: 100, track: 0 },
    { from: 100, to: 2000, track: 1 },
    { from: 2000, to: 3500, track: 0 },
    { from: 3500, to: 5000, track: 1 },
  ]);
});

test('a stream sends only between its start and stop, whatever its file holds', () => {
  const events: TimelineEvent[] = [
    { at: 0, kind: 'start', track: 2 },
    { at: 2500, kind: 'stop', track: 2 },
  ];
  assert.deepEqual(onlyWhileSent(tracks, events, new Map([[2, [{ from: 300, to: Infinity }]]])), [
    { at: 300, kind: 'start', track: 2 },
    { at: 2500, kind: 'stop', track: 2 },
  ]);
});
