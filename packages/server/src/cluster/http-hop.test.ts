import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import type { Cluster } from './cluster.ts';
import type { Shared } from './shared.ts';
import { atMeetingOwner, registerMeetingHop, roomInPath } from './http-hop.ts';

// Two processes of one installation as two Fastify apps sharing one recordings key; where the
// meeting runs comes from a stand-in for Redis.
const dir = mkdtempSync(join(tmpdir(), 'moot-hop-'));
const config = loadConfig({ MOOT_DATA_DIR: join(dir, 'data') });
let owner: FastifyInstance;
let receiver: FastifyInstance;
let ownerUrl: string;
let receiverUrl: string;

async function serverProcess(name: string, elsewhere: (roomId: string) => string | undefined, trustProxy: boolean): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy });
  const shared = { cluster: {} as Cluster, elsewhere: async (roomId: string) => elsewhere(roomId) } as Partial<Shared> as Shared;
  await registerMeetingHop(app, { config, shared });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  const about = atMeetingOwner(roomInPath);
  app.get('/rooms/:id/who', { config: about }, async (request) => ({ answeredBy: name, client: request.ip }));
  app.post('/rooms/:id/upload', { config: about }, async (request) => ({ answeredBy: name, bytes: (request.body as Buffer).length }));
  app.get('/elsewhere', async () => ({ answeredBy: name }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

before(async () => {
  // The meeting in room `moved` went over to the receiver after the owner was asked.
  owner = await serverProcess('owner', (roomId) => (roomId === 'moved' ? receiverUrl : undefined), false);
  ownerUrl = `http://127.0.0.1:${(owner.server.address() as { port: number }).port}`;
  // Behind the balancer, which says who the client is.
  receiver = await serverProcess('receiver', () => ownerUrl, true);
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as { port: number }).port}`;
});

after(async () => {
  await Promise.all([owner?.close(), receiver?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const FORGED = { 'x-moot-hop': `${Date.now()}.AAAA`, 'x-moot-client': '198.51.100.7' };

async function json(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Record<string, unknown>;
}

test('a request about a meeting running in another process is answered there, which counts it for the client the first process saw', async () => {
  assert.deepEqual(await json(`${receiverUrl}/rooms/r1/who`, { headers: { 'x-forwarded-for': '203.0.113.5' } }), { answeredBy: 'owner', client: '203.0.113.5' });
});

test('a passed request is served where it arrives, even when the meeting moved meanwhile: one hop, never two', async () => {
  assert.deepEqual(await json(`${receiverUrl}/rooms/moved/who`), { answeredBy: 'owner', client: '127.0.0.1' });
});

test('an upload passed to the meeting’s process arrives whole', async () => {
  const body = new Uint8Array(3 * 1024 * 1024).fill(7);
  const answer = await json(`${receiverUrl}/rooms/r1/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
  assert.deepEqual(answer, { answeredBy: 'owner', bytes: body.length });
});

test('routes about no meeting take no hop', async () => {
  assert.deepEqual(await json(`${receiverUrl}/elsewhere`), { answeredBy: 'receiver' });
  assert.equal((await fetch(`${receiverUrl}/nothing-here`)).status, 404);
});

test('forged hop headers are ignored: the claimed client is not believed, and the request is still passed on', async () => {
  assert.deepEqual(await json(`${ownerUrl}/rooms/r1/who`, { headers: FORGED }), { answeredBy: 'owner', client: '127.0.0.1' });
  assert.deepEqual(await json(`${receiverUrl}/rooms/r1/who`, { headers: { ...FORGED, 'x-forwarded-for': '203.0.113.5' } }), { answeredBy: 'owner', client: '203.0.113.5' });
});
