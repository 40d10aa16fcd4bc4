// Two moot server processes of one installation (one PostgreSQL, one Redis, both real): what one
// process learns or counts holds in the other at once.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { waitFor } from '../helpers/wait.ts';
import type { Moot } from '../helpers/moot.ts';

let cluster: TestCluster;
let a: Moot;
let b: Moot;
let owner: TestUser;
let coded: TestRoom;
let open: TestRoom;
const CODE = 'CorrectHorse42';
const sockets = new Sockets();

before(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.servers as [Moot, Moot];
  await a.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(a, 'Olga Owner');
  coded = await addRoom(a, owner, 'Coded room', 'code', CODE);
  open = await addRoom(a, owner, 'Open room', 'link');
});

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await cluster?.stop();
});

test('signing out everywhere through one process ends the account’s signaling connection on the other, announced over Redis', async () => {
  const listener = cluster.redis.client();
  const announced: string[] = [];
  await listener.subscribe('moot:session-changes');
  listener.on('message', (_channel: string, message: string) => announced.push(message));
  const http = new HttpClient(a.url);
  await http.signIn(owner.email, owner.password);
  const onB = sockets.add(await SignalingClient.connect(b.url, http));
  assert.equal((await http.delete('/api/sessions')).status, 204);
  await waitFor(() => onB.closed, { timeoutMs: 10_000, message: 'the socket on the other process to close' });
  assert.equal(onB.closeCode, 4001, 'closed as signed out');
  assert.ok(
    announced.some((m) => (JSON.parse(m) as { userId: string }).userId === owner.id),
    'the change went out on Redis',
  );
});

test('wrong access codes sent to two processes add up to one count for the address', async () => {
  for (const [i, server] of [a, b, a, b, a].entries()) {
    const guesser = await sockets.guest(server);
    guesser.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: `wrong${i}` });
    assert.equal((await guesser.nextError('join')).code, 'wrong-access-code');
  }
  // The sixth mistake, on the other process, starts the waiting for everyone at this address.
  const sixth = await sockets.guest(b);
  sixth.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: 'wrong5' });
  assert.equal((await sixth.nextError('join')).code, 'wrong-access-code');
  for (const server of [a, b]) {
    const next = await sockets.guest(server);
    next.send({ type: 'join', room: coded.id, name: 'Guesser', accessCode: CODE });
    assert.equal((await next.nextError('join')).code, 'too-many-code-attempts', `held up on ${server.url}`);
  }
});

test('sign-in attempts sent to two processes count against one limit per address', async () => {
  const clients = [new HttpClient(a.url), new HttpClient(b.url)];
  let firstRefusal: number | undefined;
  for (let attempt = 1; attempt <= 12 && firstRefusal === undefined; attempt++) {
    const response = await clients[attempt % 2]!.post('/api/session', { email: owner.email, password: 'not the password' });
    if (response.status === 429) firstRefusal = attempt;
    else assert.equal(response.status, 401);
  }
  // Ten a minute per address: with a count per process, the refusals would start only at the 21st.
  assert.ok(firstRefusal !== undefined && firstRefusal <= 11, `first refusal at attempt ${firstRefusal}`);
  for (const client of clients) assert.equal((await client.post('/api/session', { email: owner.email, password: owner.password })).status, 429);
});

test('one address holds at most a hundred signaling connections across both processes', async () => {
  for (let i = 0; i < 100; i++) await sockets.guest(i % 2 ? a : b);
  for (const server of [a, b]) await assert.rejects(SignalingClient.connect(server.url), /WebSocket upgrade refused: 429/);
  await sockets.closeAll();
  await waitFor(
    async () => {
      const again = await SignalingClient.connect(b.url).catch(() => undefined);
      await again?.close();
      return again !== undefined;
    },
    { timeoutMs: 10_000, message: 'a connection to be allowed again once the others closed' },
  );
});

test('people whose sockets reach different processes are in one meeting: the second process relays to the meeting’s owner', async () => {
  const onA = await sockets.guest(a);
  const first = await onA.join({ room: open.id, name: 'Ada on A' });
  const onB = await sockets.guest(b);
  const second = await onB.join({ room: open.id, name: 'Bo on B' });
  assert.deepEqual(second.participants.map((p) => p.name).sort(), ['Ada on A', 'Bo on B'], 'the second person sees the first');
  assert.ok(first.self.id !== second.self.id);
  await onA.next('participantJoined', (m) => m.participant.name === 'Bo on B');
  onB.send({ type: 'chat', text: 'hello across' });
  assert.equal((await onA.next('chat', (m) => m.message.text === 'hello across')).message.from.name, 'Bo on B');
  // The socket on B drops; coming back through A resumes the same place.
  onB.drop();
  const back = await sockets.guest(a);
  back.send({ type: 'resume', token: second.resumeToken });
  const resumed = await back.next('joined');
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.self.id, second.self.id);
  // And the other way: a resume through B reaches the meeting on A.
  onA.drop();
  const again = await sockets.guest(b);
  again.send({ type: 'resume', token: first.resumeToken });
  assert.equal((await again.next('joined')).self.id, first.self.id);
});

test('a process stopped cleanly sends the browsers relayed to its meetings back, and they start the meeting again in another process', async () => {
  const third = await cluster.addServer();
  const room = await addRoom(a, owner, 'Restart room', 'link');
  const onThird = await sockets.guest(third);
  await onThird.join({ room: room.id, name: 'Cy on C' });
  const relayed = await sockets.guest(b);
  const before = await relayed.join({ room: room.id, name: 'Bo on B' });
  assert.deepEqual(before.participants.map((p) => p.name).sort(), ['Bo on B', 'Cy on C']);
  await third.stop();
  await waitFor(() => relayed.closed, { timeoutMs: 15_000, message: 'the relayed socket to be closed when the meeting’s process stops' });
  assert.equal(relayed.closeCode, 1012);
  assert.equal(relayed.count((m) => m.type === 'meetingEnded'), 0, 'not told that the meeting ended: the page comes back by itself');
  const back = await sockets.guest(b);
  const after = await back.join({ room: room.id, name: 'Bo on B' });
  assert.deepEqual(after.participants.map((p) => p.name), ['Bo on B'], 'the meeting starts again in the process the page reached');
});

test('a process killed outright: the browsers relayed to its meeting are sent back, start the meeting again in the survivor, which takes the periodic jobs too', async () => {
  const took = (server: Moot) => server.logs().split('\n').some((line) => line.includes('took the lease') && line.includes('"periodic-jobs"'));
  await waitFor(() => took(a) || took(b), { timeoutMs: 10_000, message: 'a process to take the periodic jobs' });
  assert.notEqual(took(a), took(b), 'exactly one process runs the periodic jobs');
  const jobsOnA = took(a);
  const room = await addRoom(a, owner, 'Crash room', 'link');
  await sockets.guest(a).then((s) => s.join({ room: room.id, name: 'Ada on A' }));
  const relayed = await sockets.guest(b);
  const before = await relayed.join({ room: room.id, name: 'Bo on B' });
  assert.deepEqual(before.participants.map((p) => p.name).sort(), ['Ada on A', 'Bo on B']);
  await a.crash();
  await waitFor(() => relayed.closed, { timeoutMs: 30_000, message: 'the relayed socket to be closed once its meeting’s process is gone' });
  assert.equal(relayed.closeCode, 1012, 'closed as "service restart", which the page answers by connecting again');
  // What the page does next: resume (the meeting is gone with its process), then join afresh.
  const back = await sockets.guest(b);
  back.send({ type: 'resume', token: before.resumeToken });
  assert.equal((await back.nextError('resume')).code, 'resume-failed');
  const after = await back.join({ room: room.id, name: 'Bo on B' });
  assert.deepEqual(after.participants.map((p) => p.name), ['Bo on B'], 'the meeting starts again in the survivor');
  if (jobsOnA) await waitFor(() => took(b), { timeoutMs: 40_000, message: 'the survivor to take the periodic jobs over' });
});
