// Operations endpoints: /healthz, /readyz and the token-protected Prometheus /metrics, counting
// joins, refusals and sign-in failures; the operators' dashboard API is for administrators only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { routes, type DashboardView } from '@moot/protocol';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, unknownRoomId, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { repoRoot, startMoot, type Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const TOKEN = 'metrics-token-for-this-test-0123456789';

let moot: Moot;
let admin: TestUser;
let member: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ env: { MOOT_METRICS_TOKEN: TOKEN, MOOT_METRICS_SAMPLE_SECONDS: '1' } });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  admin = await addUser(moot, 'Ada Operator', { admin: true });
  member = await addUser(moot, 'Max Member');
  room = await addRoom(moot, member, 'Metrics room');
});

async function scrape(): Promise<string> {
  const response = await fetch(`${moot.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return response.text();
}

/** The value of one sample line (`name{labels} value`), or undefined when the line is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/healthz answers while the process runs and /readyz once the database and Janus are reachable', async () => {
  const health = await fetch(`${moot.url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { ok: true });
  const ready = await fetch(`${moot.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { ok: true, database: 'up', janus: 'up' });
});

/** What a reverse proxy on this machine adds: the request comes from its client, not from loopback. */
const VIA_PROXY = { 'x-forwarded-for': '203.0.113.7' };

test('through a proxy, /metrics refuses a missing or wrong bearer token with 401 and a readable error, and takes the right one', async () => {
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }];
  for (const headers of attempts) {
    const response = await fetch(`${moot.url}/metrics`, { headers: { ...VIA_PROXY, ...headers } });
    assert.equal(response.status, 401, JSON.stringify(headers));
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
    const body = (await response.json()) as { error: { code: string; details: string[] } };
    assert.equal(body.error.code, 'unauthenticated');
    assert.match(body.error.details[0]!, /Authorization: Bearer/);
  }
  const right = await fetch(`${moot.url}/metrics`, { headers: { ...VIA_PROXY, authorization: `Bearer ${TOKEN}` } });
  assert.equal(right.status, 200);
});

test('/metrics exports every metric the Grafana dashboard in docs/grafana queries, in Prometheus text format', async () => {
  const response = await fetch(`${moot.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const grafana = JSON.parse(readFileSync(join(repoRoot, 'docs/grafana/moot.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const queried = new Set(grafana.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/moot_[a-z_]+/g) ?? [])));
  assert.ok(queried.size >= 12, `the dashboard queries the metrics (found ${[...queried].join(', ')})`);
  for (const series of queried) {
    // A histogram's series (_bucket, _sum, _count) are declared under the histogram's name.
    const name = series.replace(/_(bucket|sum|count)$/, '');
    assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exported`);
  }
  assert.equal(value(text, 'moot_janus_up'), 1);
  assert.ok((value(text, 'moot_janus_resident_memory_bytes') ?? 0) > 1_000_000, 'the managed Janus uses some memory');
  assert.equal(value(text, 'moot_recordings{state="ready"}'), 0);
});

test('a join increments the join counter, observes the join-time histogram and counts the participant', async () => {
  const before = await scrape();
  const joinsBefore = value(before, 'moot_joins_total{kind="browser",account="member"}') ?? 0;
  const timedBefore = value(before, 'moot_join_duration_seconds_count') ?? 0;
  const socket = await sockets.member(moot, member);
  await socket.join({ room: room.id });
  const text = await scrape();
  assert.equal(value(text, 'moot_joins_total{kind="browser",account="member"}'), joinsBefore + 1);
  assert.equal(value(text, 'moot_join_duration_seconds_count'), timedBefore + 1);
  assert.ok((value(text, 'moot_join_duration_seconds_sum') ?? 0) > 0, 'the join took some time');
  assert.equal(value(text, 'moot_join_duration_seconds_bucket{le="+Inf"}'), timedBefore + 1);
  assert.equal(value(text, 'moot_meetings'), 1);
  assert.equal(value(text, 'moot_participants{kind="browser",account="member"}'), 1);
  assert.equal(value(text, 'moot_participants{kind="browser",account="guest"}'), 0);
});

test('a refused join counts as a join failure and a signaling error with its code', async () => {
  const socket = await sockets.member(moot, member);
  socket.send({ type: 'join', room: unknownRoomId() });
  assert.equal((await socket.nextError('join')).code, 'room-not-found');
  const text = await scrape();
  assert.equal(value(text, 'moot_join_failures_total{reason="room-not-found"}'), 1);
  assert.equal(value(text, 'moot_signaling_errors_total{code="room-not-found"}'), 1);
});

test('a wrong password counts as a sign-in failure', async () => {
  const response = await new HttpClient(moot.url).post('/api/session', { email: member.email, password: 'not the password at all' });
  assert.equal(response.status, 401);
  assert.equal(value(await scrape(), 'moot_sign_in_failures_total{reason="invalid-credentials"}'), 1);
});

test('the dashboard API lists the live meeting and load samples for an administrator', async () => {
  const socket = await sockets.member(moot, member);
  await socket.join({ room: room.id });
  const http = await signedIn(moot, admin);
  const dashboard = await waitFor(
    async () => {
      const response = await http.get<DashboardView>(routes.adminDashboard);
      assert.equal(response.status, 200, response.text);
      return response.body.samples.some((s) => s.meetings === 1 && s.participants === 1) ? response.body : undefined;
    },
    { timeoutMs: 10_000, message: 'a load sample taken during the meeting' },
  );
  assert.equal(dashboard.janus, 'up');
  assert.equal(dashboard.sampleSeconds, 1);
  assert.deepEqual(
    dashboard.meetings.map((m) => ({ roomId: m.roomId, roomName: m.roomName, participants: m.participants, recording: m.recording })),
    [{ roomId: room.id, roomName: 'Metrics room', participants: 1, recording: false }],
  );
  const last = dashboard.samples.at(-1)!;
  assert.ok(last.serverMemory > 10_000_000, 'the server uses some memory');
  assert.ok(last.janusMemory !== null && last.janusMemory > 1_000_000, 'the managed Janus is measured');
  assert.ok(dashboard.samples.every((s, i) => i === 0 || s.at > dashboard.samples[i - 1]!.at), 'oldest first');
});

test('the dashboard API refuses a member (403) and the anonymous (401)', async () => {
  const asMember = await (await signedIn(moot, member)).get(routes.adminDashboard);
  assert.equal(asMember.status, 403);
  assert.equal(asMember.body.error.code, 'forbidden');
  const anonymous = await new HttpClient(moot.url).get(routes.adminDashboard);
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.error.code, 'unauthenticated');
});

test('/readyz answers 503 naming Janus while Janus is down, and 200 again once it is back', async () => {
  const [pid] = moot.janusPids();
  assert.ok(pid, 'the managed Janus runs');
  process.kill(pid, 'SIGKILL');
  const down = await waitFor(
    async () => {
      const response = await fetch(`${moot.url}/readyz`);
      return response.status === 503 ? response.json() : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 20, message: '/readyz to report Janus down' },
  );
  assert.deepEqual(down, { ok: false, database: 'up', janus: 'down' });
  const healthz = await fetch(`${moot.url}/healthz`);
  assert.equal(healthz.status, 200, 'the process itself is still alive');
  await waitFor(async () => (await fetch(`${moot.url}/readyz`)).status === 200, { timeoutMs: 30_000, intervalMs: 100, message: '/readyz to recover' });
});

test('without a metrics token /metrics is there for a scraper on this machine only (404 through a proxy)', async () => {
  const plain = await startMoot();
  try {
    const response = await fetch(`${plain.url}/metrics`, { headers: { ...VIA_PROXY, authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not-found');
    const local = await fetch(`${plain.url}/metrics`);
    assert.equal(local.status, 200);
    assert.match(await local.text(), /^# HELP moot_/m);
  } finally {
    await plain.stop();
  }
});
