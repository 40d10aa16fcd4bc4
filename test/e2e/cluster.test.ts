// Two moot processes serving one installation (one PostgreSQL, one Redis, two Janus nodes, a
// load balancer in front), with real browsers: people whose sockets reach different processes
// meet, see and hear each other; the process running their meeting is killed with SIGKILL and
// both pages come back through the other process without a click.
import assert from 'node:assert/strict';
import { after, afterEach } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { Browsers, inboundMix, memberInMeeting, participantId, waitForMediaFrom, waitForMix, type StatsPage } from '../helpers/browser.ts';
import { addRoom, addUser } from '../helpers/fixtures.ts';
import { startJanusNodes, type JanusNodes } from '../helpers/janus-nodes.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { startBalancer, userAgentFor, type Balancer } from '../helpers/balancer.ts';
import { waitFor } from '../helpers/wait.ts';

const browsers = new Browsers();
let janus: JanusNodes | undefined;
let balancer: Balancer | undefined;
let cluster: TestCluster | undefined;
afterEach(() => browsers.closePages());
after(async () => {
  await browsers.close();
  await cluster?.stop();
  await balancer?.close();
  await janus?.stop();
});

/** Video from `name` rising on the page, from a connection newer than `newerThanPc`; the person's id then. */
async function seesAndHears(page: StatsPage & Parameters<typeof participantId>[0], name: string, { notId, newerThanPc }: { notId?: string; newerThanPc?: number } = {}) {
  const id = await waitFor(async () => {
    const now = await participantId(page, name);
    return now !== notId ? now : null;
  }, { timeoutMs: 90_000, message: `${name} in the list${notId ? ' as a new participant' : ''}` });
  const video = await waitForMediaFrom(page, id, 'video', { timeoutMs: 90_000, newerThanPc });
  await waitForMix(page, 'sound', { timeoutMs: 90_000, newerThanPc });
  const mix = await inboundMix(page);
  assert.ok(mix, 'the page plays the mix');
  return { id, pc: Math.max(video.pcIndex, mix.pcIndex) };
}

test('browsers on two moot processes meet, see and hear each other; the meeting’s process is killed and both pages come back through the other by themselves', { timeout: 420_000 }, async () => {
  janus = await startJanusNodes(2);
  balancer = await startBalancer();
  cluster = await startCluster(2, { env: { ...janus.env, MOOT_PUBLIC_URL: balancer.url } });
  balancer.upstreams = cluster.servers.map((s) => s.url);
  const [first, second] = cluster.servers as [NonNullable<TestCluster['servers'][0]>, NonNullable<TestCluster['servers'][0]>];
  const alice = await addUser(first, 'Alice Cluster');
  const bob = await addUser(first, 'Bob Cluster');
  const room = await addRoom(first, alice, 'Cluster');

  // Alice's requests reach the first process, Bob's the second; Alice starts the meeting.
  const a = await memberInMeeting(browsers, balancer.url, alice, room.id, 'Alice', { userAgent: userAgentFor(0) });
  const b = await memberInMeeting(browsers, balancer.url, bob, room.id, 'Bob', { userAgent: userAgentFor(1) });
  const redis = cluster.redis.client();
  const relays = await redis.pubsub('CHANNELS', 'moot:relay:*');
  assert.ok(relays.length >= 2, `Bob's signaling is relayed between the processes (channels: ${relays.join(', ')})`);
  const bobOnA = await seesAndHears(a.page, 'Bob Cluster');
  const aliceOnB = await seesAndHears(b.page, 'Alice Cluster');

  await first.crash();
  // Both pages lose their meeting (Alice's socket drops, Bob's relay is closed) and join again through the second process.
  await seesAndHears(a.page, 'Bob Cluster', { notId: bobOnA.id, newerThanPc: bobOnA.pc });
  await seesAndHears(b.page, 'Alice Cluster', { notId: aliceOnB.id, newerThanPc: aliceOnB.pc });
  const owner = await redis.get(`moot:meeting-owner:${room.id}`);
  assert.deepEqual(await redis.keys('moot:process:*'), [`moot:process:${owner}`], 'the one process still beating runs the meeting');
  for (const page of [a.page, b.page]) {
    assert.equal(await page.getByRole('button', { name: 'Leave' }).count(), 1, 'in the meeting');
    assert.equal(await page.getByRole('button', { name: 'Join', exact: true }).count(), 0, 'not on the pre-join screen');
  }
  assert.ok(second.running(), 'the second process still runs');
});
