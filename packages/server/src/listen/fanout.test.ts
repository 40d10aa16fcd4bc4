import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fanout, type Sink } from './fanout.ts';

class Collect implements Sink {
  chunks: string[] = [];
  ended = false;
  writableLength = 0;
  write(bytes: Buffer): boolean {
    this.chunks.push(bytes.toString());
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

const page = (text: string, header = false, continued = false) => ({ bytes: Buffer.from(text), header, continued });

test('a late listener gets the header pages first, then audio from the next page where a packet begins', () => {
  const fanout = new Fanout();
  const early = new Collect();
  fanout.add(early);
  fanout.push(page('head', true));
  fanout.push(page('tags', true));
  fanout.push(page('a1'));
  const late = new Collect();
  fanout.add(late);
  fanout.push(page('a2-rest', false, true));
  fanout.push(page('a3'));
  assert.deepEqual(early.chunks, ['head', 'tags', 'a1', 'a2-rest', 'a3']);
  assert.deepEqual(late.chunks, ['head', 'tags', 'a3']);
});

test('a listener too slow to keep up is let go; closing ends everyone and forgets the headers', () => {
  const fanout = new Fanout();
  const slow = new Collect();
  const fine = new Collect();
  fanout.add(slow);
  fanout.add(fine);
  fanout.push(page('head', true));
  slow.writableLength = 10 * 1024 * 1024;
  fanout.push(page('a1'));
  assert.equal(slow.ended, true);
  assert.equal(fanout.size, 1);
  fanout.close();
  assert.equal(fine.ended, true);
  const next = new Collect();
  fanout.add(next);
  assert.deepEqual(next.chunks, []);
});
