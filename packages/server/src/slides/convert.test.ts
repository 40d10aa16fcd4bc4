import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Converter, findSoffice } from './convert.ts';

/** A stand-in for LibreOffice: logs when each job starts and ends, and writes a "PDF" after `seconds`. */
function fakeSoffice(seconds: number): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'moot-fake-soffice-'));
  const log = join(dir, 'jobs.log');
  const script = join(dir, 'soffice');
  writeFileSync(
    script,
    `#!/bin/sh
# the arguments end with: --outdir <dir> <input>
for last; do :; done
out=""
prev=""
for a; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
echo "start $(basename "$last")" >> ${log}
sleep ${seconds}
printf '%%PDF-1.4 converted from %s' "$(cat "$last")" > "$out/presentation.pdf"
echo "end" >> ${log}
`,
  );
  chmodSync(script, 0o755);
  return { dir, log };
}

test('soffice is looked up on PATH', () => {
  const { dir } = fakeSoffice(0);
  assert.equal(findSoffice(`/nonexistent:${dir}`), join(dir, 'soffice'));
  assert.equal(findSoffice('/nonexistent'), undefined);
  assert.equal(new Converter(undefined, 1000).available, false);
});

test('conversions run one at a time and return the PDF LibreOffice wrote', async () => {
  const { dir, log } = fakeSoffice(0.3);
  const converter = new Converter(join(dir, 'soffice'), 10_000);
  const [a, b] = await Promise.all([converter.convert(Buffer.from('first'), 'odp'), converter.convert(Buffer.from('second'), 'pptx')]);
  assert.equal(a?.toString(), '%PDF-1.4 converted from first');
  assert.equal(b?.toString(), '%PDF-1.4 converted from second');
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['start presentation.odp', 'end', 'start presentation.pptx', 'end']);
});

test('a conversion that takes too long is stopped and counts as failed, as does one LibreOffice fails', async () => {
  const slow = fakeSoffice(5);
  const converter = new Converter(join(slow.dir, 'soffice'), 300);
  const started = Date.now();
  assert.equal(await converter.convert(Buffer.from('stuck'), 'odp'), undefined);
  assert.ok(Date.now() - started < 4000, 'stopped at the timeout, not when the job would have ended');
  const failing = new Converter('/bin/false', 1000);
  assert.equal(await failing.convert(Buffer.from('x'), 'pptx'), undefined);
});
