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
const CODE = 'CorrectHorse42';
const sockets = new Sockets();

before(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.servers as [Moot, Moot];
  await a.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(a, 'Olga Owner');
  coded = await addRoom(a, owner, 'Coded room', 'code', CODE);
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

test('the periodic jobs run in one process at a time, and in the other once that one dies', async () => {
  const took = (server: Moot) => server.logs().includes('took the lease');
  await waitFor(() => took(a) || took(b), { timeoutMs: 10_000, message: 'a process to take the periodic jobs' });
  assert.notEqual(took(a), took(b), 'exactly one process runs them');
  const [holder, other] = took(a) ? [a, b] : [b, a];
  await holder.crash();
  await waitFor(() => took(other), { timeoutMs: 40_000, message: 'the surviving process to take the periodic jobs over' });
});
