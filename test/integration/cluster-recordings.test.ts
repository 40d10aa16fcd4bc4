// Recordings among several server processes, on a real Redis: one process composes a recording
// at a time, and a recording whose meeting still runs somewhere is not taken for one cut off.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { pino } from 'pino';
import { test } from '../helpers/diagnostics.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { Cluster } from '../../packages/server/src/cluster/cluster.ts';
import { RedisRecordingClaims } from '../../packages/server/src/cluster/recording-claims.ts';
import { MeetingOwners } from '../../packages/server/src/cluster/owners.ts';

const log = pino({ level: 'silent' });
let redis: RedisServer;
let one: Cluster;
let two: Cluster;

before(async () => {
  redis = await startRedis();
  one = new Cluster(redis.url, log, 'http://127.0.0.1:1');
  two = new Cluster(redis.url, log, 'http://127.0.0.1:2');
});
after(async () => {
  await one?.stop();
  await two?.stop();
  await redis?.stop();
});

test('a recording taken for processing by one process is refused to the other until it is let go', async () => {
  const release = await new RedisRecordingClaims(one, log).take('rec-1');
  assert.ok(release, 'the first process takes it');
  assert.equal(await new RedisRecordingClaims(two, log).take('rec-1'), undefined, 'the second does not');
  await release();
  const again = await new RedisRecordingClaims(two, log).take('rec-1');
  assert.ok(again, 'once let go, the second takes it');
  await again();
});

test('a recording counts as going on while its meeting’s process beats, and as cut off once it stopped', async () => {
  const claims = new RedisRecordingClaims(two, log);
  assert.equal(await claims.meetingRuns('room-1'), false, 'no meeting yet');
  const owners = new MeetingOwners(one, () => [{ roomId: 'room-1', size: 1 }], log);
  await owners.start();
  assert.equal(await owners.claim('room-1'), one.processId);
  assert.equal(await claims.meetingRuns('room-1'), true, 'the meeting runs in the first process');
  await owners.stop();
  assert.equal(await claims.meetingRuns('room-1'), false, 'its process stopped');
});
