import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, retryDelayMs } from './pusher.ts';

test('a failing destination is tried again after 2, 4, 8 … seconds, at most a minute apart', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelayMs), [2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

test('what ffmpeg says about a destination never carries its stream key', () => {
  const secrets = ['abcd-1234-secret', 'rtmp://live.example/app/abcd-1234-secret'];
  const said = '[flv @ 0x1] rtmp://live.example/app/abcd-1234-secret: Connection refused\nkey abcd-1234-secret';
  const shown = redact(said, secrets);
  assert.ok(!shown.includes('abcd-1234-secret'), shown);
  assert.match(shown, /<secret>: Connection refused\nkey <secret>/);
});
