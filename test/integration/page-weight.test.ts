// The script every visitor loads (the meeting page's entry) stays small: phones and Tor users pay
// for each kilobyte. Pages most people never open are split off and fetched when first shown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../helpers/moot.ts';

const dist = join(repoRoot, 'packages/web/dist');
const ENTRY_LIMIT_BYTES = 45 * 1024;

function entryScript(): string {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const match = /<script[^>]+type="module"[^>]+src="\/?([^"]+)"/.exec(html);
  assert.ok(match, 'index.html loads one module script');
  return match[1]!;
}

test('the entry script is under 45 KB gzipped', () => {
  const size = gzipSync(readFileSync(join(dist, entryScript()))).length;
  assert.ok(size < ENTRY_LIMIT_BYTES, `the entry script is ${size} bytes gzipped`);
});

test('the administration and recordings pages are fetched apart, not carried by the entry script', () => {
  const entry = readFileSync(join(dist, entryScript()), 'utf8');
  // Words only those pages show: their code is in chunks of their own.
  for (const text of ['Send invitation', 'Reactivate', 'Share with']) assert.ok(!entry.includes(text), `"${text}" is in the entry script`);
});
