import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { PortPool } from './port-pool.ts';
import type { Socket } from 'node:dgram';

/** Sockets this process holds open, as the kernel counts them. */
const openSockets = () => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
  } catch {
    return false;
  }
}).length;

test('calls get even ports in the range, taken ports are skipped, and a full range is refused without leaking sockets', async () => {
  const probe = new PortPool('127.0.0.1', 0, 0);
  const first = await probe.bind();
  const base = first.address().port;
  first.close();
  // A range of three even ports (and the odd ones between), one of them held by someone else.
  const start = base - (base % 2) + 2;
  const pool = PortPool.fromRange('127.0.0.1', `${start}-${start + 5}`);
  const other = new PortPool('127.0.0.1', start + 2, start + 2);
  const squatter = await other.bind();
  const taken: Socket[] = [];
  try {
    taken.push(await pool.bind(), await pool.bind());
    assert.deepEqual(taken.map((s) => s.address().port), [start, start + 4], 'even ports, the held one skipped');
    const before = openSockets();
    await assert.rejects(pool.bind(), /no free UDP port for a call/);
    assert.equal(openSockets(), before, 'failed binds leave no open socket behind');
  } finally {
    for (const socket of [...taken, squatter]) socket.close();
  }
});
