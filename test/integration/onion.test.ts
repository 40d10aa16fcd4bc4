// moot as an onion service too: with MOOT_ONION_URL set, pages on the public name point Tor
// Browser to the onion address (Onion-Location), and the onion name works on its own: its
// origin is accepted for sign-in and signaling, its cookies come without the Secure flag (the
// onion address is http:), the room links the page shows are its own.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { loadConfig } from '../../packages/server/src/config.ts';
import { test } from '../helpers/diagnostics.ts';
import { addUser, type TestUser } from '../helpers/fixtures.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';

const ONION = `${'a'.repeat(52)}7xyz.onion`;
const PUBLIC = 'meet.example.test';

let moot: Moot;
let alice: TestUser;

before(async () => {
  moot = await startMoot({ env: { MOOT_PUBLIC_URL: `https://${PUBLIC}`, MOOT_ONION_URL: `http://${ONION}` } });
  alice = await addUser(moot, 'Alice Onion');
});
after(() => moot?.stop());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to the test server under another Host (and Origin), as a proxy in front of it passes it on. */
function ask(method: string, path: string, host: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const { port } = new URL(moot.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const cookies = (answer: Answer) => [answer.headers['set-cookie'] ?? []].flat();

test('HTML pages on the public name send Onion-Location with the same path; the onion name and JSON do not', async () => {
  const room = await ask('GET', '/r/some-room?x=1', PUBLIC);
  assert.equal(room.status, 200);
  assert.equal(room.headers['onion-location'], `http://${ONION}/r/some-room?x=1`);
  assert.equal((await ask('GET', '/', PUBLIC)).headers['onion-location'], `http://${ONION}/`);
  assert.equal((await ask('GET', '/r/some-room', ONION)).headers['onion-location'], undefined);
  assert.equal((await ask('GET', '/api/health', PUBLIC)).headers['onion-location'], undefined);
});

test('signing in works on the onion name: its origin is accepted and the cookie is not Secure; on the public name it is', async () => {
  const credentials = { email: alice.email, password: alice.password };
  const onOnion = await ask('POST', '/api/session', ONION, { origin: `http://${ONION}` }, credentials);
  assert.equal(onOnion.status, 200);
  assert.ok(cookies(onOnion).length > 0);
  for (const cookie of cookies(onOnion)) assert.doesNotMatch(cookie, /;\s*Secure/i, cookie);

  const onPublic = await ask('POST', '/api/session', PUBLIC, { origin: `https://${PUBLIC}` }, credentials);
  assert.equal(onPublic.status, 200);
  for (const cookie of cookies(onPublic)) assert.match(cookie, /;\s*Secure/i, cookie);

  const foreign = await ask('POST', '/api/session', ONION, { origin: `http://${'b'.repeat(56)}.onion` }, credentials);
  assert.equal(foreign.status, 403, 'another onion site is still another site');
});

test('the signaling socket opens from a page on the onion address', async () => {
  const ws = new WebSocket(`${moot.url.replace(/^http/, 'ws')}/ws`, { headers: { origin: `http://${ONION}`, host: ONION } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject).once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`))));
  ws.close();
});

test('MOOT_ONION_URL must be a v3 onion address without a path', async () => {
  const base = { MOOT_DATA_DIR: '/tmp/moot-onion-config' };
  assert.equal(loadConfig({ ...base, MOOT_ONION_URL: `http://${ONION}/` }).http.onionUrl, `http://${ONION}`);
  for (const bad of ['http://example.org', `http://${ONION}/moot`, 'http://short.onion', `ftp://${ONION}`]) {
    assert.throws(() => loadConfig({ ...base, MOOT_ONION_URL: bad }), /onionUrl/, bad);
  }
});
