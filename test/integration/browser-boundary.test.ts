// What a hostile page can make a visitor's browser do against moot: reach other hosts from a
// moot page, use its camera from a frame, or talk to moot from a name it rebinds to the server.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { test } from '../helpers/diagnostics.ts';
import { addUser, type TestUser } from '../helpers/fixtures.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';

let moot: Moot;
let member: TestUser;

before(async () => {
  moot = await startMoot();
  member = await addUser(moot, 'Rebecca Rebind');
});
after(async () => {
  await moot?.stop();
});

/** A POST as a browser sends it from a page on `origin`, with `host` as the name it reached the server by. */
function post(path: string, body: unknown, host: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: moot.port, path, method: 'POST', headers: { host, origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** The status of a WebSocket upgrade sent with these Host and Origin headers (101: accepted). */
function upgrade(host: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${moot.port}/ws`, { headers: { host, origin } });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

test('a page on a rebound name (Host and Origin agree, but are not the public URL) can neither sign in nor open a socket', async () => {
  const rebound = `attacker.example:${moot.port}`;
  const credentials = { email: member.email, password: member.password };
  assert.equal(await post('/api/session', credentials, rebound, `http://${rebound}`), 403);
  assert.equal(await upgrade(rebound, `http://${rebound}`), 403);
  // The public URL's own origin still works, whatever name the request came by.
  assert.equal(await post('/api/session', credentials, rebound, moot.url), 200);
  assert.equal(await upgrade(`127.0.0.1:${moot.port}`, moot.url), 101);
});

test('pages may connect to their own origin only, and only they may use camera, microphone and screen', async () => {
  const page = await fetch(`${moot.url}/`);
  const csp = page.headers.get('content-security-policy') ?? '';
  const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.trim();
  assert.equal(connect, "'self'", `connect-src in ${csp}`);
  const policy = new Map(
    (page.headers.get('permissions-policy') ?? '').split(',').map((entry) => {
      const [feature, allow] = entry.trim().split('=');
      return [feature, allow] as const;
    }),
  );
  for (const feature of ['camera', 'microphone', 'display-capture', 'fullscreen', 'picture-in-picture', 'screen-wake-lock']) {
    assert.equal(policy.get(feature), '(self)', `${feature} in Permissions-Policy`);
  }
  const api = await fetch(`${moot.url}/api/health`);
  assert.ok(api.headers.get('permissions-policy'), 'API answers carry the policy too');
});
