import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OggPages } from './ogg-pages.ts';

/** One Ogg page with the given granule position and a body of `size` bytes. */
function page(granule: bigint, size: number, flags = 0): Buffer {
  const header = Buffer.alloc(27 + 1);
  header.write('OggS', 0, 'latin1');
  header[5] = flags;
  header.writeBigInt64LE(granule, 6);
  header[26] = 1;
  header[27] = size;
  return Buffer.concat([header, Buffer.alloc(size, 7)]);
}

test('pages split across chunks come out whole, the headers marked, the continued ones told apart', () => {
  const stream = Buffer.concat([page(0n, 19), page(0n, 40), page(960n, 100), page(1920n, 50, 1)]);
  const splitter = new OggPages();
  const pages = [];
  for (let i = 0; i < stream.length; i += 13) pages.push(...splitter.push(stream.subarray(i, i + 13)));
  assert.deepEqual(
    pages.map((p) => [p.bytes.length, p.header, p.continued]),
    [
      [47, true, false],
      [68, true, false],
      [128, false, false],
      [78, false, true],
    ],
  );
  assert.deepEqual(Buffer.concat(pages.map((p) => p.bytes)), stream);
});

test('bytes before the first capture pattern are skipped', () => {
  const pages = new OggPages().push(Buffer.concat([Buffer.from('noise'), page(0n, 19)]));
  assert.equal(pages.length, 1);
  assert.equal(pages[0]!.bytes.subarray(0, 4).toString('latin1'), 'OggS');
});
