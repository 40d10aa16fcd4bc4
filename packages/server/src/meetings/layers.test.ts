import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLayer, layerForHeight } from './layers.ts';

test('tile height picks the smallest layer that fills it', () => {
  assert.equal(layerForHeight(90), 0);
  assert.equal(layerForHeight(135), 0);
  assert.equal(layerForHeight(200), 1);
  assert.equal(layerForHeight(270), 1);
  assert.equal(layerForHeight(480), 2);
});

test('congestion lowers the layer one step and says why', () => {
  assert.deepEqual(chooseLayer(480, false), { layer: 2, reason: null });
  assert.deepEqual(chooseLayer(480, true), { layer: 1, reason: 'bandwidth' });
  assert.deepEqual(chooseLayer(200, false), { layer: 1, reason: 'tile-size' });
  assert.deepEqual(chooseLayer(100, true), { layer: 0, reason: 'tile-size' });
});
