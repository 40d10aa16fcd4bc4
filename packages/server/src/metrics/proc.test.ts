import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkTotals, processUsage } from './proc.ts';

test('processUsage reads this process from /proc as Node itself sees it', async () => {
  // Some CPU time to measure.
  let x = 0;
  for (let i = 0; i < 5e6; i++) x += Math.sqrt(i);
  assert.ok(x > 0);
  const usage = await processUsage(process.pid);
  assert.ok(usage, 'this process is found');
  const rss = process.memoryUsage.rss();
  assert.ok(Math.abs(usage.residentBytes - rss) < rss * 0.2, `resident ${usage.residentBytes} vs Node's ${rss}`);
  const cpu = process.cpuUsage();
  const nodeSeconds = (cpu.user + cpu.system) / 1e6;
  // /proc counts in ticks of 10 ms: the two agree to a few ticks.
  assert.ok(Math.abs(usage.cpuSeconds - nodeSeconds) < 0.1, `cpu ${usage.cpuSeconds} s vs Node's ${nodeSeconds} s`);
});

test('processUsage of a process that does not exist is undefined', async () => {
  assert.equal(await processUsage(2 ** 22 + 1), undefined);
});

test('networkTotals lists the loopback interface with its byte counters', async () => {
  const lo = (await networkTotals()).find((t) => t.device === 'lo');
  assert.ok(lo, 'lo is listed');
  assert.ok(Number.isInteger(lo.receiveBytes) && lo.receiveBytes >= 0);
  assert.ok(Number.isInteger(lo.transmitBytes) && lo.transmitBytes >= 0);
});
