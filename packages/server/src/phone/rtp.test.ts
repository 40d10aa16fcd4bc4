import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRtp, levelOf, parseRtp } from './rtp.ts';

const header = { payloadType: 0, marker: true, sequence: 65535, timestamp: 2 ** 32 - 160, ssrc: 0xdeadbeef };

test('an RTP packet written reads back with the same header and payload', () => {
  const read = parseRtp(buildRtp(header, Buffer.from([1, 2, 3, 4, 5])));
  assert.ok(read);
  assert.deepEqual({ ...read, payload: [...read.payload] }, { ...header, payload: [1, 2, 3, 4, 5] });
});

test('CSRCs, extensions and padding are skipped to find the payload', () => {
  const packet = Buffer.from([0xb1, 8, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 0xbe, 0xde, 0, 1, 0x10, 7, 0, 0, 0xaa, 0xbb, 0, 2]);
  const read = parseRtp(packet);
  assert.ok(read);
  assert.equal(read.payloadType, 8);
  assert.deepEqual([...read.payload], [0xaa, 0xbb]);
});

test('what is not RTP version 2, or is cut short, is not read', () => {
  assert.equal(parseRtp(Buffer.alloc(8)), undefined);
  assert.equal(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined);
  assert.equal(parseRtp(Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9])), undefined);
});

test('the audio level is 127 for silence and near 3 dBov below full scale for a loud sine', () => {
  assert.equal(levelOf(new Int16Array(160)), 127);
  const sine = Int16Array.from({ length: 160 }, (_, i) => Math.round(32767 * Math.sin((2 * Math.PI * i) / 16)));
  assert.ok(Math.abs(levelOf(sine) - 3) < 0.5, String(levelOf(sine)));
});
