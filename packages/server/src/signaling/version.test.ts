import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, errorMessages } from '@moot/protocol';
import { versionRefusal } from './version.ts';

test('a join or resume of the current version is served', () => {
  assert.equal(versionRefusal({ type: 'join', version: PROTOCOL_VERSION, room: 'abc' }), undefined);
  assert.equal(versionRefusal({ type: 'resume', version: PROTOCOL_VERSION, token: 'x' }), undefined);
});

test('a join or resume without a version, or of another one, is refused with a reload hint', () => {
  for (const message of [
    { type: 'join', room: 'abc' },
    { type: 'join', version: PROTOCOL_VERSION + 1, room: 'abc', someNewField: true },
    { type: 'resume', version: String(PROTOCOL_VERSION), token: 'x' },
  ]) {
    const refusal = versionRefusal(message);
    assert.ok(refusal, JSON.stringify(message));
    assert.equal(refusal.code, 'unsupported-version');
    assert.equal(refusal.message, errorMessages['unsupported-version']);
    assert.equal(refusal.reload, true);
    assert.equal(refusal.ref, message.type);
    assert.match(refusal.details?.[0] ?? '', new RegExp(`version ${PROTOCOL_VERSION}\\b`));
  }
});

test('other messages are left to the schema whatever they carry', () => {
  for (const message of [null, 'join', 42, [], {}, { type: 'chat', text: 'hi' }, { type: 'teleport', version: 99 }]) {
    assert.equal(versionRefusal(message), undefined, JSON.stringify(message));
  }
});

test('a version nested too deep to print is refused, not thrown on', () => {
  let version: unknown = 1;
  for (let i = 0; i < 100_000; i++) version = { a: version };
  const refusal = versionRefusal({ type: 'join', version, room: 'abc' });
  assert.equal(refusal?.code, 'unsupported-version');
  assert.match(refusal?.details?.[0] ?? '', /sent version an object$/);
});
