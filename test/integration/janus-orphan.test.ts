// `kill -9` of the moot process alone leaves its Janus running with the ports a restarted moot
// needs: the restarted moot ends that Janus and starts its own.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { pidsWithCommandLine, startMoot, type Moot } from '../helpers/moot.ts';
import { join } from 'node:path';

const servers: Moot[] = [];
after(async () => {
  for (const server of servers.reverse()) await server.stop();
});

test('a moot killed outright leaves a Janus behind; the next start ends it and serves with its own', async () => {
  const first = await startMoot();
  servers.push(first);
  const orphans = first.janusPids();
  assert.equal(orphans.length, 1);
  await first.crash({ serverOnly: true });
  assert.deepEqual(first.janusPids(), orphans, 'the Janus outlived its moot');

  const second = await startMoot({ dataDir: first.dataDir, env: first.env });
  servers.push(second);
  assert.equal((await second.health())?.janus, 'up');
  const now = second.janusPids();
  assert.equal(now.length, 1);
  assert.notEqual(now[0], orphans[0], 'a new Janus serves');
  assert.ok(!pidsWithCommandLine(join(first.dataDir, 'janus')).includes(orphans[0]!), 'the left-over Janus is gone');
});
