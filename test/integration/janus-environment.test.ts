// The managed Janus runs on jemalloc, which gives back what its short-lived handle threads freed;
// on the system's allocator (by choice), with glibc's malloc arenas capped unless the operator
// chose a value of their own.
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

const loaded = (moot: Moot) => readFileSync(`/proc/${moot.janusPids()[0]}/maps`, 'utf8');

test('the managed Janus runs on jemalloc by default, and on the system allocator when asked', async () => {
  const moot = await startMoot();
  servers.push(moot);
  assert.match(loaded(moot), /libjemalloc\.so\.2/, 'jemalloc is mapped into Janus');
  assert.match(janusEnvironment(moot).get('LD_PRELOAD') ?? '', /libjemalloc\.so\.2:.*loopback-shim/, "the test suite's own preload is kept beside it");
  const system = await startMoot({ env: { MOOT_JANUS_ALLOCATOR: 'system' } });
  servers.push(system);
  assert.doesNotMatch(loaded(system), /libjemalloc/);
});
