import { test } from 'node:test';
import assert from 'node:assert/strict';
import { protectedFolders } from './janus-config.ts';

test('Janus may write into the data folder even under /var, and nowhere else in the system', () => {
  assert.ok(!protectedFolders('/var/lib/moot/janus').includes('/var'));
  assert.ok(protectedFolders('/var/lib/moot/janus').includes('/usr'));
  assert.ok(protectedFolders('/home/moot/data/janus').includes('/var'));
});
