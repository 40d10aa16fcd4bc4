import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TurnRelay, turnCredential, turnRelayFrom } from './turn-credentials.ts';

// Computed apart from this code with:
//   printf '%s' '1700021600:QmYGJ3ncPRVdxiQJw6yNdA' | openssl dgst -sha1 -hmac 'north' -binary | base64
const VECTOR = { secret: 'north', username: '1700021600:QmYGJ3ncPRVdxiQJw6yNdA', credential: 'CdCmqku4zg44o/AdqhgLKsbh4Ok=' };

test('the credential is base64 HMAC-SHA1 of the username under the shared secret, as openssl computes it', () => {
  assert.equal(turnCredential(VECTOR.secret, VECTOR.username), VECTOR.credential);
  assert.notEqual(turnCredential('south', VECTOR.username), VECTOR.credential);
});

test('each participant gets a username of its own that expires the configured time after it was handed out', () => {
  const relay = new TurnRelay({ urls: ['turn:turn.example.org:3478?transport=tcp'], secret: VECTOR.secret, ttlSeconds: 6 * 3600 });
  const now = 1_700_000_000_500;
  const server = relay.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', now);
  assert.deepEqual(server, { urls: ['turn:turn.example.org:3478?transport=tcp'], username: VECTOR.username, credential: VECTOR.credential });
  const other = relay.serverFor('AzHq0Lr9l1dU3c4w8x9YtQ', now);
  assert.equal(other.username, '1700021600:AzHq0Lr9l1dU3c4w8x9YtQ');
  assert.notEqual(other.credential, server.credential);
  assert.equal(relay.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', now + 60_000).username, '1700021660:QmYGJ3ncPRVdxiQJw6yNdA', 'a later join gets a later expiry');
});

test('the secret comes from its file without the final newline; an empty or missing file stops the start with the variable named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-turn-'));
  try {
    const file = join(dir, 'turn-secret');
    writeFileSync(file, `${VECTOR.secret}\n`);
    const relay = turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: file, ttl: 6 * 3600 });
    assert.equal(relay?.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', 1_700_000_000_000).credential, VECTOR.credential);
    assert.equal(turnRelayFrom({ urls: [], ttl: 60 }), undefined);
    writeFileSync(file, '\n');
    assert.throws(() => turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: file, ttl: 60 }), /MOOT_TURN_SECRET_FILE/);
    assert.throws(() => turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: join(dir, 'absent'), ttl: 60 }), /Cannot read the TURN secret file .*MOOT_TURN_SECRET_FILE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
