import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBackupEntry, Manifest, slidesEntry } from './manifest.ts';

const room = 'AbC-d_e0123456789abcde';
const deck = 'QxYz-_9876543210zyxwvu';

test('a backup holds presentations only as slides/<room id>/<deck id>.pdf with base64url ids of at most 64 characters', () => {
  assert.equal(slidesEntry(room, deck), `slides/${room}/${deck}.pdf`);
  for (const name of [slidesEntry(room, deck), 'slides/', `slides/${room}/`, `slides/${'a'.repeat(64)}/${'b'.repeat(64)}.pdf`]) {
    assert.equal(isBackupEntry(name), true, name);
  }
  for (const name of [
    `slides/${room}/${deck}.sh`,
    `slides/${room}/${deck}.pdf.sh`,
    `slides/${room}/${deck}.partial`,
    `slides/${deck}.pdf`,
    `slides/${room}/sub/${deck}.pdf`,
    `slides/../${room}/${deck}.pdf`,
    `slides/${room}/../${deck}.pdf`,
    `slides/${room}/.pdf`,
    `slides/${'a'.repeat(65)}/${deck}.pdf`,
    `slides/${room}/${'b'.repeat(65)}.pdf`,
    `slides/${room}/${deck}.PDF`,
    `slides/${room}/d.e.pdf`,
    `/slides/${room}/${deck}.pdf`,
    `slides/${room}/${deck}.pdf/`,
    `slides/${room}/${deck}.pdf\n`,
    'slides',
    `recordings/${deck}.pdf`,
  ]) {
    assert.equal(isBackupEntry(name), false, JSON.stringify(name));
  }
});

test('a manifest from before presentations were kept reads as holding none; a count that is not a whole number is refused', () => {
  const old = { format: 'moot-backup', version: 1, mootVersion: '0.1.0', migration: '0009_x', createdAt: '2026-01-02T03:04:05.000Z', recordings: 2 };
  assert.equal(Manifest.parse(old).slides, 0);
  assert.equal(Manifest.parse({ ...old, slides: 3 }).slides, 3);
  assert.equal(Manifest.safeParse({ ...old, slides: -1 }).success, false);
  assert.equal(Manifest.safeParse({ ...old, slides: 1.5 }).success, false);
});
