import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { checksumMatches, withoutChecksum } from './checksum.ts';

const sign = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

test('the checksum parameter and its separator come out wherever it stands; the rest stays byte for byte', () => {
  assert.deepEqual(withoutChecksum('name=A+B&checksum=abc&meetingID=x%20y'), { signed: 'name=A+B&meetingID=x%20y', checksum: 'abc' });
  assert.deepEqual(withoutChecksum('checksum=abc&b=2&a=1'), { signed: 'b=2&a=1', checksum: 'abc' });
  assert.deepEqual(withoutChecksum('a=1&checksum=abc'), { signed: 'a=1', checksum: 'abc' });
  assert.deepEqual(withoutChecksum('checksum=abc'), { signed: '', checksum: 'abc' });
  assert.deepEqual(withoutChecksum('a=1&b=2'), { signed: 'a=1&b=2', checksum: undefined });
  assert.deepEqual(withoutChecksum('xchecksum=1&a=2').signed, 'xchecksum=1&a=2', 'only the parameter named checksum');
});

test('each digest is told by its length, and only the exact call, query and secret match', () => {
  for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512']) {
    const good = sign(algorithm, 'createmeetingID=x&name=A+Bs3cret');
    assert.ok(checksumMatches('create', 'meetingID=x&name=A+B', 's3cret', good), algorithm);
    assert.ok(checksumMatches('create', 'meetingID=x&name=A+B', 's3cret', good.toUpperCase()), `${algorithm} in capitals`);
    assert.ok(!checksumMatches('create', 'meetingID=x&name=A%20B', 's3cret', good), `${algorithm}: another encoding is another query`);
    assert.ok(!checksumMatches('join', 'meetingID=x&name=A+B', 's3cret', good), `${algorithm}: another call`);
    assert.ok(!checksumMatches('create', 'meetingID=x&name=A+B', 'other', good), `${algorithm}: another secret`);
  }
  const md5 = createHash('md5').update('createmeetingID=xs3cret').digest('hex');
  assert.ok(!checksumMatches('create', 'meetingID=x', 's3cret', md5), 'MD5 is not accepted');
  assert.ok(!checksumMatches('create', 'meetingID=x', 's3cret', 'z'.repeat(40)), 'not hex');
  assert.ok(!checksumMatches('create', 'meetingID=x', 's3cret', ''), 'empty');
});
