import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { HopSignature, type Hop } from './hop-signature.ts';

const hop: Hop = { client: '198.51.100.7', method: 'GET', host: 'meet.example.org', url: '/api/rooms/abc/listen?token=t' };
const signature = new HopSignature(randomBytes(32));

test('a signed hop verifies with the same key within half a minute', () => {
  const now = 1_700_000_000_000;
  assert.equal(signature.verifies(signature.sign(hop, now), hop, now + 29_000), true);
});

test('a hop signature is refused once stale, for another client address or request, and under another key', () => {
  const now = 1_700_000_000_000;
  const signed = signature.sign(hop, now);
  assert.equal(signature.verifies(signed, hop, now + 31_000), false, 'stale');
  assert.equal(signature.verifies(signed, { ...hop, client: '203.0.113.9' }, now), false, 'another client');
  assert.equal(signature.verifies(signed, { ...hop, url: '/api/rooms/xyz/listen' }, now), false, 'another request');
  assert.equal(new HopSignature(randomBytes(32)).verifies(signed, hop, now), false, 'another key');
  assert.equal(signature.verifies('garbage', hop, now), false, 'not a signature');
});
