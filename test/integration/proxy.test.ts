// Behind a reverse proxy, a client writes whatever it likes into X-Forwarded-For; the proxy then
// appends the address it saw. These are attacks on the sign-in limit and on audit origins.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addUser, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';

/** What nginx's `$proxy_add_x_forwarded_for` makes of a forged header from `client`. */
const forwarded = (forged: string, client: string) => ({ 'x-forwarded-for': `${forged}, ${client}` });

let behindProxy: Moot;
let elsewhereProxy: Moot;
let member: TestUser;

before(async () => {
  // The documented setting: the proxy runs on this machine.
  [behindProxy, elsewhereProxy] = await Promise.all([
    startMoot({ env: { MOOT_HTTP_TRUST_PROXY: 'true' } }),
    startMoot({ env: { MOOT_HTTP_TRUST_PROXY: '192.0.2.10' } }),
  ]);
  member = await addUser(behindProxy, 'Pat Proxy');
});

after(async () => {
  await Promise.all([behindProxy?.stop(), elsewhereProxy?.stop()]);
});

async function signOutEverywhereOrigin(moot: Moot, user: TestUser, headers: Record<string, string>): Promise<string | null> {
  const http = new HttpClient(moot.url);
  const signedIn = await http.post('/api/session', { email: user.email, password: user.password }, { headers });
  assert.equal(signedIn.status, 200, signedIn.text);
  assert.equal((await http.delete('/api/sessions', { headers })).status, 204);
  const log = await moot.cli<{ action: string; target: string; origin: string | null }[]>(['audit', 'log', '--json']);
  return log.find((e) => e.action === 'session.sign-out-everywhere' && e.target === user.email)?.origin ?? null;
}

test('a new forged X-Forwarded-For on every wrong password still meets the sign-in limit of the address the proxy saw', async () => {
  const attacker = new HttpClient(behindProxy.url);
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const answer = await attacker.post('/api/session', { email: member.email, password: `wrong-${i}` }, { headers: forwarded(`198.51.100.${i + 1}`, '203.0.113.7') });
    statuses.push(answer.status);
  }
  assert.ok(statuses.includes(429), `15 wrong passwords from one client answered ${statuses.join(' ')}`);
  // Another client behind the same proxy is not caught by that limit.
  const other = new HttpClient(behindProxy.url);
  const answer = await other.post('/api/session', { email: member.email, password: member.password }, { headers: forwarded('203.0.113.7', '203.0.113.8') });
  assert.equal(answer.status, 200, answer.text);
});

test('the audit log records the address the proxy added, not the one the client wrote', async () => {
  const origin = await signOutEverywhereOrigin(behindProxy, member, forwarded('10.9.8.7', '203.0.113.20'));
  assert.equal(origin, '203.0.113.20');
});

test('X-Forwarded-For from a peer that is not a configured proxy is ignored', async () => {
  const user = await addUser(elsewhereProxy, 'Dana Direct');
  const origin = await signOutEverywhereOrigin(elsewhereProxy, user, forwarded('10.9.8.7', '203.0.113.30'));
  assert.equal(origin, '127.0.0.1');
});
