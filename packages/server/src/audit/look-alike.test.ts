import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, lookAlikeGroups, looksAlike, skeleton } from './look-alike.ts';

test('skeletons read digits as letters and drop the rest', () => {
  assert.equal(skeleton('Adm1n'), 'admin');
  assert.equal(skeleton('Admin2'), 'admin');
  assert.equal(skeleton('ad.min'), 'admin');
  assert.equal(skeleton('Zoë'), 'zoe');
});

test('look-alike names', () => {
  for (const [a, b] of [['admin', 'Admin2'], ['admin', 'adm1n'], ['administrator', 'adminstrator'], ['j.smith', 'jsmith']]) {
    assert.equal(looksAlike(a!, b!), true, `${a} ~ ${b}`);
  }
  for (const [a, b] of [['alice', 'bob'], ['ann', 'ian'], ['Carol Chen', 'Carol Clark'], ['ab', 'ab']]) {
    assert.equal(looksAlike(a!, b!), false, `${a} !~ ${b}`);
  }
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('groups are transitive and leave single accounts out', () => {
  const groups = lookAlikeGroups(['admin', 'adm1n', 'Admin2', 'alice', 'bob'], (n) => [n]);
  assert.deepEqual(groups, [['admin', 'adm1n', 'Admin2']]);
});
