import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeckView } from '@moot/protocol';
import { SlidesState } from './state.ts';

const deck = (id: string, pages = 5): DeckView => ({ id, name: id, pages, size: 100, createdAt: '2026-01-01T10:00:00.000Z' });

test('a viewer follows the presenter, browses on their own, and follows again', () => {
  const slides = new SlidesState();
  assert.equal(slides.pageId.value, null);
  slides.apply({ type: 'slides', current: { deck: deck('a'), page: 2, zoom: 1, by: 'Ann' } });
  assert.deepEqual(slides.onScreen.value, { deck: deck('a'), page: 2, zoom: 1 });
  assert.equal(slides.pageId.value, 'a:2');
  slides.browse(4, 1.5);
  slides.apply({ type: 'slides', current: { deck: deck('a'), page: 3, zoom: 1, by: 'Ann' } });
  assert.equal(slides.following.value, false);
  assert.deepEqual(slides.onScreen.value, { deck: deck('a'), page: 4, zoom: 1.5 });
  slides.follow();
  assert.deepEqual(slides.onScreen.value, { deck: deck('a'), page: 3, zoom: 1 });
  assert.equal(slides.pageId.value, 'a:3');
});

test('another presentation, or none, ends browsing on your own', () => {
  const slides = new SlidesState();
  slides.apply({ type: 'slides', current: { deck: deck('a'), page: 1, zoom: 1, by: 'Ann' } });
  slides.browse(3, 1);
  slides.apply({ type: 'slides', current: { deck: deck('b'), page: 1, zoom: 1, by: 'Ann' } });
  assert.equal(slides.following.value, true);
  assert.equal(slides.pageId.value, 'b:1');
  slides.apply({ type: 'slides', current: null });
  assert.equal(slides.onScreen.value, null);
  assert.equal(slides.pageId.value, null);
});

test('the key arrives apart from the slides, and other messages are left alone', () => {
  const slides = new SlidesState();
  assert.equal(slides.apply({ type: 'slidesAccess', key: 'k1' }), true);
  assert.equal(slides.key.value, 'k1');
  assert.equal(slides.apply({ type: 'participantLeft', id: 'x' }), false);
  slides.clear();
  assert.equal(slides.key.value, null);
});
