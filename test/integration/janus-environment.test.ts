// The managed Janus starts with glibc's malloc arenas capped (its memory otherwise creeps up with
// every short-lived handle thread), unless the operator chose a value of their own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';

const servers: Moot[] = [];
after(async () => {
  for (const server of servers) await server.stop();
});

function janusEnvironment(moot: Moot): Map<string, string> {
  const [pid] = moot.janusPids();
  assert.ok(pid, 'a managed Janus runs');
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

test('the managed Janus runs with two malloc arenas by default', async () => {
  const moot = await startMoot();
  servers.push(moot);
  assert.equal(janusEnvironment(moot).get('MALLOC_ARENA_MAX'), '2');
});

test("an operator's MALLOC_ARENA_MAX reaches the managed Janus unchanged", async () => {
  const moot = await startMoot({ env: { MALLOC_ARENA_MAX: '4' } });
  servers.push(moot);
  assert.equal(janusEnvironment(moot).get('MALLOC_ARENA_MAX'), '4');
});
