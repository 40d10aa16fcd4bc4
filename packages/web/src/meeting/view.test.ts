/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, person } from './person.fixture.ts';
import { ViewReporter, bySpeech, gridPage, pageSize, tileOrder } from './view.ts';

const ids = (list: { id: string }[]) => list.map((p) => p.id);

test('pages hold 9 tiles on phones and small windows, 16 on laptops, 25 on wide screens', () => {
  assert.equal(pageSize(390), 9);
  assert.equal(pageSize(899), 9);
  assert.equal(pageSize(900), 16);
  assert.equal(pageSize(1599), 16);
  assert.equal(pageSize(1600), 25);
  assert.equal(pageSize(2560), 25);
});

test('latest speakers come first; people who never spoke keep their order after them', () => {
  const people = [person('a'), person('b', { lastSpokeAt: at(5) }), person('c'), person('d', { lastSpokeAt: at(9) })];
  assert.deepEqual(ids(bySpeech(people)), ['d', 'b', 'a', 'c']);
});

test('tile order: yourself first; in a meeting that fits one page nobody moves when they speak', () => {
  const people = [person('a'), person('b', { lastSpokeAt: at(5) }), person('me'), person('c', { lastSpokeAt: at(9) })];
  assert.deepEqual(ids(tileOrder(people, 'me', 9)), ['me', 'a', 'b', 'c']);
});

test('tile order: when not everyone fits, the latest speakers come first after yourself', () => {
  const people = [person('a'), person('b', { lastSpokeAt: at(5) }), person('me'), person('c', { lastSpokeAt: at(9) })];
  assert.deepEqual(ids(tileOrder(people, 'me', 3)), ['me', 'c', 'b', 'a']);
});

test('the grid shows screen shares first, your own before the others', () => {
  const people = [person('me'), person('a', { screenSharing: true }), person('b'), person('c', { screenSharing: true })];
  const grid = gridPage(people, 'me', true, 9, 0);
  assert.deepEqual(grid.screens, [
    { participantId: 'me', source: 'screen' },
    { participantId: 'a', source: 'screen' },
    { participantId: 'c', source: 'screen' },
  ]);
  assert.deepEqual(ids(grid.cameras), ['me', 'a', 'b', 'c']);
  assert.deepEqual(gridPage(people, 'me', false, 9, 0).screens.map((s) => s.participantId), ['a', 'c']);
});

test('the grid splits cameras into pages of 9, 16 or 25, latest speakers on the first page', () => {
  for (const size of [9, 16, 25]) {
    const others = Array.from({ length: size + 3 }, (_, i) => person(`p${i}`));
    // The last three spoke most recently: they move onto the first page.
    const people = [person('me'), ...others.map((p, i) => (i >= size ? { ...p, lastSpokeAt: at(i) } : p))];
    const first = gridPage(people, 'me', false, size, 0);
    assert.equal(first.pages, 2, `${size}`);
    assert.equal(first.cameras.length, size, `${size}`);
    assert.deepEqual(ids(first.cameras).slice(0, 4), ['me', `p${size + 2}`, `p${size + 1}`, `p${size}`], `${size}`);
    const second = gridPage(people, 'me', false, size, 1);
    assert.equal(second.cameras.length, 4, `${size}`);
    const shown = [...ids(first.cameras), ...ids(second.cameras)];
    assert.equal(new Set(shown).size, people.length, `everyone appears exactly once with pages of ${size}`);
  }
});

test('a page beyond the last (people left) shows the last page', () => {
  const people = Array.from({ length: 12 }, (_, i) => person(`p${i}`));
  const grid = gridPage(people, 'p0', false, 9, 5);
  assert.equal(grid.page, 1);
  assert.equal(grid.cameras.length, 3);
});

test('a fresh join sends no view before the page has reported its tiles, and the last report after', () => {
  const sent: unknown[] = [];
  const reporter = new ViewReporter((message) => (sent.push(message), true));
  reporter.resend();
  assert.deepEqual(sent, [], 'an empty view would drop the tiles the server subscribed by default');
  reporter.report([{ participantId: 'p1', source: 'camera', height: 240 }], false);
  reporter.stop();
  reporter.resend();
  assert.deepEqual(sent, [{ type: 'view', tiles: [{ participantId: 'p1', source: 'camera', height: 240 }], audioOnly: false }]);
});
