import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { cliProgress } from './progress.ts';

function streams(tty: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY: tty });
  const err = new PassThrough();
  const text = (stream: PassThrough) => String(stream.read() ?? '');
  return { out, err, outText: () => text(out), errText: () => text(err) };
}

test('on a terminal the bar is redrawn in place on stdout and its line ended at the finish', () => {
  const s = streams(true);
  const bar = cliProgress('Exporting', 'bytes', s);
  bar.update(0, 4 * 1024 * 1024);
  bar.update(4 * 1024 * 1024, 4 * 1024 * 1024);
  bar.finish();
  const out = s.outText();
  assert.match(out, /^\rExporting \[\.{30}\]   0% 0\.0 MiB\/4\.0 MiB\rExporting \[#{30}\] 100% 4\.0 MiB\/4\.0 MiB\n$/);
  assert.equal(s.errText(), '');
});

test('without a terminal, plain lines go to stderr: the start and the end, nothing on stdout', () => {
  const s = streams(false);
  const progress = cliProgress('Importing recordings', 'items', s);
  for (let done = 0; done <= 5; done++) progress.update(done, 5);
  progress.finish();
  assert.equal(s.outText(), '');
  // Updates closer than two seconds apart are not all written; the first and the last always are.
  assert.deepEqual(s.errText().trim().split('\n'), ['Importing recordings: 0% (0/5)', 'Importing recordings: 100% (5/5)']);
});

test('with --json on a terminal, progress goes to stderr as plain lines so stdout stays JSON', () => {
  const s = streams(true);
  const progress = cliProgress('Syncing', 'items', s, { json: true });
  progress.update(1, 1);
  progress.finish();
  assert.equal(s.outText(), '');
  assert.equal(s.errText(), 'Syncing: 100% (1/1)\n');
});

test('a run counted in steps says which step it is at', () => {
  const s = streams(false);
  const progress = cliProgress('Importing from Greenlight', 'steps', s);
  progress.update(0, 3);
  progress.update(3, 3);
  assert.equal(s.errText(), 'Importing from Greenlight: 0% (step 0 of 3)\nImporting from Greenlight: 100% (step 3 of 3)\n');
});
