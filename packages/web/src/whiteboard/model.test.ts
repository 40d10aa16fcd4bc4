import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { erase, extendItem, pageArray, readItem, readPage, startItem, textItem, touches } from './model.ts';
import { drawnPages } from './pdf.ts';

test('a stroke, a shape and a text are read back as drawn', () => {
  const doc = new Y.Doc();
  const stroke = startItem('pen', '#1f2328', 10, 10);
  const box = startItem('rectangle', '#d1242f', 100, 100);
  doc.transact(() => pageArray(doc, 'blank').push([stroke, box, textItem('#0969da', 50, 60, 'Hello')]));
  extendItem(stroke, 20.04, 30);
  extendItem(box, 200, 150);
  assert.deepEqual(readPage(doc, 'blank'), [
    { tool: 'pen', color: '#1f2328', size: 4, points: [10, 10, 20, 30] },
    { tool: 'rectangle', color: '#d1242f', size: 4, box: [100, 100, 200, 150] },
    { tool: 'text', color: '#0969da', size: 32, x: 50, y: 60, text: 'Hello' },
  ]);
});

test("items another browser made up are skipped, never drawn", () => {
  const doc = new Y.Doc();
  const odd = (entries: [string, unknown][]) => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of entries) map.set(key, value);
    return map;
  };
  doc.transact(() =>
    pageArray(doc, 'blank').push([
      odd([['tool', 'script'], ['color', '#000000'], ['size', 4]]),
      odd([['tool', 'pen'], ['color', 'url(javascript:x)'], ['size', 4], ['points', new Y.Array()]]),
      odd([['tool', 'rectangle'], ['color', '#000000'], ['size', 4], ['box', [1, 2, 'x', 4]]]),
      odd([['tool', 'text'], ['color', '#000000'], ['size', 1e9], ['x', 1], ['y', 1], ['text', 'big']]),
    ]),
  );
  const items = pageArray(doc, 'blank').toArray();
  assert.deepEqual(items.map(readItem), [null, null, null, null]);
});

test('the eraser removes what it touches, in one change, and nothing else', () => {
  const doc = new Y.Doc();
  const line = startItem('line', '#1f2328', 0, 0);
  const far = startItem('ellipse', '#1f2328', 500, 500);
  doc.transact(() => pageArray(doc, 'blank').push([line, far]));
  extendItem(line, 100, 0);
  extendItem(far, 600, 560);
  const changes: number[] = [];
  doc.on('update', () => changes.push(1));
  assert.equal(erase(doc, 'blank', 50, 5, 10), 1);
  assert.equal(changes.length, 1);
  assert.deepEqual(readPage(doc, 'blank').map((item) => item.tool), ['ellipse']);
  const [ellipse] = readPage(doc, 'blank');
  assert.ok(ellipse && touches(ellipse, 600, 530, 5), 'the ellipse is touched on its outline');
  assert.ok(ellipse && !touches(ellipse, 550, 530, 5), 'not in its empty middle');
});

test('the PDF holds the drawn pages, the blank board first and slide pages in order', () => {
  const doc = new Y.Doc();
  for (const page of ['deck:10', 'deck:2', 'blank', 'deck:5']) {
    if (page !== 'deck:5') doc.transact(() => pageArray(doc, page).push([startItem('pen', '#1f2328', 1, 1)]));
    else pageArray(doc, page);
  }
  assert.deepEqual(drawnPages(doc), ['blank', 'deck:2', 'deck:10']);
});
