import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeAttempts } from './code-attempts.ts';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('one client gets five free mistakes, then waits twice as long after each further one', async () => {
  const c = clock();
  const attempts = new CodeAttempts(c.now);
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await attempts.check('1.2.3.4', 'room'), { ok: true });
    assert.equal((await attempts.failed('1.2.3.4', 'room')).clientBlocked, false);
  }
  assert.equal((await attempts.failed('1.2.3.4', 'room')).clientBlocked, true);
  assert.deepEqual(await attempts.check('1.2.3.4', 'room'), { ok: false, retryAfterSeconds: 1 });
  c.advance(1000);
  assert.deepEqual(await attempts.check('1.2.3.4', 'room'), { ok: true });
  await attempts.failed('1.2.3.4', 'room');
  assert.deepEqual(await attempts.check('1.2.3.4', 'room'), { ok: false, retryAfterSeconds: 2 });
  assert.deepEqual(await attempts.check('5.6.7.8', 'room'), { ok: true }, 'another address is not held up by one guesser');
});

test('many addresses guessing one room make the whole room wait, and the waits grow to a cap', async () => {
  const c = clock();
  const attempts = new CodeAttempts(c.now);
  for (let i = 0; i < 30; i++) assert.equal((await attempts.failed(`10.0.0.${i}`, 'room')).roomBlocked, false);
  assert.equal((await attempts.failed('10.0.1.1', 'room')).roomBlocked, true);
  assert.equal((await attempts.check('10.0.9.9', 'room')).ok, false, 'a fresh address waits too');
  assert.equal((await attempts.check('10.0.9.9', 'other-room')).ok, true, 'other rooms are not affected');
  for (let i = 0; i < 40; i++) {
    const wait = await attempts.check('10.0.2.2', 'room');
    if (!wait.ok) c.advance(wait.retryAfterSeconds * 1000);
    await attempts.failed(`10.1.0.${i}`, 'room');
  }
  const last = await attempts.check('10.0.2.2', 'room');
  assert.deepEqual(last, { ok: false, retryAfterSeconds: 15 * 60 });
});

test('the right code forgives that client, and an hour without mistakes forgets them', async () => {
  const c = clock();
  const attempts = new CodeAttempts(c.now);
  for (let i = 0; i < 6; i++) await attempts.failed('1.2.3.4', 'room');
  await attempts.succeeded('1.2.3.4');
  assert.deepEqual(await attempts.check('1.2.3.4', 'room'), { ok: true });
  for (let i = 0; i < 6; i++) await attempts.failed('5.6.7.8', 'room-2');
  c.advance(61 * 60_000);
  assert.deepEqual(await attempts.check('5.6.7.8', 'room-2'), { ok: true });
});
