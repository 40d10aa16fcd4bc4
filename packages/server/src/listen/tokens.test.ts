import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LISTEN_TOKEN_SECONDS } from '@moot/protocol';
import { ListenTokens } from './tokens.ts';

test('a token opens one stream, once, in its own room, within its minute', () => {
  let now = 1_000_000;
  const tokens = new ListenTokens(() => now);
  const { token } = tokens.issue('room-a', 'p1');
  assert.deepEqual(tokens.take('room-b', token), { ok: false, code: 'not-found' });
  assert.deepEqual(tokens.take('room-a', token), { ok: true, participantId: 'p1' });
  assert.deepEqual(tokens.take('room-a', token), { ok: false, code: 'listen-token-invalid' });
  const late = tokens.issue('room-a', 'p1').token;
  now += LISTEN_TOKEN_SECONDS * 1000 + 1;
  assert.deepEqual(tokens.take('room-a', late), { ok: false, code: 'listen-token-invalid' });
});

test("a new token replaces the person's unused one, and leaving voids it", () => {
  const tokens = new ListenTokens();
  const first = tokens.issue('room-a', 'p1').token;
  const second = tokens.issue('room-a', 'p1').token;
  assert.deepEqual(tokens.take('room-a', first), { ok: false, code: 'listen-token-invalid' });
  tokens.forget('p1');
  assert.deepEqual(tokens.take('room-a', second), { ok: false, code: 'listen-token-invalid' });
});
