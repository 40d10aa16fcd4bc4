// Refusals of forged or misdirected OpenID answers, against a real OpenID provider: each is sent
// back to the sign-in page with its reason, and no account or session is made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import { ssoRoutes } from '../../packages/protocol/src/sso.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';
import { freePort } from '../helpers/ports.ts';

let moot: Moot;
let provider: TestOidcProvider;
const users = { carol: { email: 'carol.sso@example.test', emailVerified: true, name: 'Carol Sso', groups: [] } };

before(async () => {
  const port = await freePort();
  provider = await startOidcProvider({ mootUrl: `http://127.0.0.1:${port}`, users });
  moot = await startMoot({ env: { PORT: String(port), ...provider.env } });
});

after(async () => {
  await moot?.stop();
  await provider?.stop();
});

const get = (path: string, cookie = '') => fetch(`${moot.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const accounts = async () => (await moot.cli<{ email: string }[]>(['user', 'list', '--json'])).length;

/** Starts a sign-in: the binding cookie and the state moot sent to the provider. */
async function start(): Promise<{ cookie: string; state: string }> {
  const response = await get(`${ssoRoutes.oidcStart('corp')}?next=/`);
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get('location')!);
  assert.equal(location.origin, provider.issuer, 'sent to the provider');
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, state: location.searchParams.get('state')! };
}

test('an answer with a state moot never sent is refused as an expired sign-in, and nothing is created', async () => {
  const before = await accounts();
  const { cookie } = await start();
  const response = await get(`${ssoRoutes.oidcCallback('corp')}?code=forged&state=not-the-state`, cookie);
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/signin?sso_error=sso-request-expired');
  assert.equal(response.headers.getSetCookie().some((c) => c.startsWith('moot_session=')), false, 'no session');
  assert.equal(await accounts(), before);
});

test('the right state arriving in a browser that did not start the sign-in is refused', async () => {
  const { state } = await start();
  const response = await get(`${ssoRoutes.oidcCallback('corp')}?code=forged&state=${state}`, 'moot_sso=another-browser');
  assert.equal(response.headers.get('location'), '/signin?sso_error=sso-request-expired');
});

test('a forged code with the right state and browser is refused by the token exchange as an invalid answer', async () => {
  const before = await accounts();
  const { cookie, state } = await start();
  const response = await get(`${ssoRoutes.oidcCallback('corp')}?code=forged&state=${state}&iss=${encodeURIComponent(provider.issuer)}`, cookie);
  assert.equal(response.headers.get('location'), '/signin?sso_error=sso-response-invalid');
  assert.equal(await accounts(), before);
  const replay = await get(`${ssoRoutes.oidcCallback('corp')}?code=forged&state=${state}&iss=${encodeURIComponent(provider.issuer)}`, cookie);
  assert.equal(replay.headers.get('location'), '/signin?sso_error=sso-request-expired', 'a state is used once');
});

test('a back-channel logout token not signed by the provider is refused with 400', async () => {
  const { privateKey } = await generateKeyPair('RS256');
  const token = await new SignJWT({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: 'any' })
    .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt' })
    .setIssuer(provider.issuer)
    .setAudience(provider.clientId)
    .setSubject('carol')
    .setIssuedAt()
    .setJti('forged')
    .sign(privateKey);
  const response = await fetch(`${moot.url}${ssoRoutes.oidcBackchannelLogout('corp')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
});
