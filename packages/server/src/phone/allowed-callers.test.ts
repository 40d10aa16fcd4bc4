import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedCallers } from './allowed-callers.ts';

test('with no list anyone may call (a PIN is still needed)', () => {
  assert.equal(allowedCallers([])('203.0.113.9'), true);
});

test('an IP-authenticated trunk: only its addresses and ranges may call', () => {
  const allowed = allowedCallers(['198.51.100.0/24', '2001:db8::1', 'loopback']);
  assert.equal(allowed('198.51.100.77'), true);
  assert.equal(allowed('198.51.101.1'), false);
  assert.equal(allowed('2001:db8::1'), true);
  assert.equal(allowed('2001:db8::2'), false);
  assert.equal(allowed('127.0.0.1'), true);
  assert.equal(allowed('::ffff:198.51.100.3'), true);
});
