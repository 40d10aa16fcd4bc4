// Attacks on SAML sign-in, against a real SAML IdP (samlify in its own process): answers meant for
// another service, expired, unsigned (or signed only outside the assertion), from another issuer,
// replayed or answering no request of moot's are each sent back to the sign-in page with their
// reason, create nothing, and are audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { ssoRoutes } from '../../packages/protocol/src/sso.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { freePort } from '../helpers/ports.ts';
import { startSamlIdp, type SamlAnswer, type SamlPost, type TestSamlIdp } from '../helpers/saml-idp.ts';

let moot: Moot;
let idp: TestSamlIdp;
const users = {
  carol: { email: 'carol.saml@example.test', name: 'Carol Saml', groups: ['staff'] },
  dave: { email: 'dave.saml@example.test', name: 'Dave Saml', groups: ['staff'] },
};

before(async () => {
  const port = await freePort();
  idp = await startSamlIdp({ mootUrl: `http://127.0.0.1:${port}`, users });
  moot = await startMoot({ env: { PORT: String(port), ...idp.env } });
});

after(async () => {
  await moot?.stop();
  await idp?.stop();
});

const accounts = async () => (await moot.cli<{ email: string }[]>(['user', 'list', '--json'])).map((a) => a.email);
const refusals = async () => (await moot.cli<{ action: string; details: { code: string; reason: string } | null }[]>(['audit', 'log', '--json'])).filter((e) => e.action === 'sso.refused');

/** Starts a sign-in at moot: the binding cookie and where moot sends the browser (the IdP). */
async function start(): Promise<{ cookie: string; location: string }> {
  const response = await fetch(`${moot.url}${ssoRoutes.samlStart('corp-saml')}?next=/rooms`, { redirect: 'manual' });
  assert.equal(response.status, 302);
  const location = response.headers.get('location')!;
  assert.equal(new URL(location).origin, idp.url, 'sent to the IdP');
  return { cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), location };
}

/** Posts an IdP's answer to moot as the browser would: moot's redirect and whether it opened a session. */
async function post(form: SamlPost, cookie: string): Promise<{ location: string; session: boolean }> {
  const { location, sessionCookie } = await postForCookie(form, cookie);
  return { location, session: sessionCookie !== undefined };
}

async function postForCookie(form: SamlPost, cookie: string): Promise<{ location: string; sessionCookie?: string }> {
  const fields: Record<string, string> = { SAMLResponse: form.SAMLResponse };
  if (form.RelayState !== undefined) fields.RelayState = form.RelayState;
  const response = await fetch(form.action, { method: 'POST', redirect: 'manual', headers: { cookie }, body: new URLSearchParams(fields) });
  assert.equal(response.status, 303);
  return { location: response.headers.get('location')!, sessionCookie: response.headers.getSetCookie().find((c) => c.startsWith('moot_session='))?.split(';')[0] };
}

/** The IdP answers the way `kind` says for `login`; moot must refuse it with `code`, create nothing, and audit why. */
async function refused(kind: SamlAnswer, login: keyof typeof users, reason: RegExp): Promise<void> {
  const before = { accounts: await accounts(), refusals: (await refusals()).length };
  await idp.answer(kind);
  try {
    const { cookie, location } = await start();
    const answer = await idp.respond(location, login);
    assert.deepEqual(await post(answer, cookie), { location: '/signin?sso_error=sso-response-invalid', session: false });
  } finally {
    await idp.answer('normal');
  }
  assert.deepEqual(await accounts(), before.accounts, 'no account created');
  const all = await refusals();
  const audited = all.slice(0, all.length - before.refusals);
  assert.equal(audited.length, 1, 'one refusal audited');
  assert.equal(audited[0]!.details?.code, 'sso-response-invalid');
  assert.match(audited[0]!.details!.reason, reason);
}

test('an answer whose audience is another service is refused, and nothing is created', async () => {
  await refused('wrong-audience', 'dave', /audience/i);
});

test('an expired answer is refused', async () => {
  await refused('expired', 'dave', /subject confirmation|expired/i);
});

test('an unsigned answer is refused', async () => {
  await refused('unsigned', 'dave', /signature/i);
});

test('an answer whose envelope is signed but whose assertion is not is refused', async () => {
  await refused('envelope-signed', 'dave', /signature/i);
});

test('an answer issued by another IdP, though signed with the right key, is refused', async () => {
  await refused('wrong-issuer', 'dave', /issued by/i);
});

test('an answer to no sign-in moot started (IdP-initiated, no InResponseTo) is refused', async () => {
  const before = await accounts();
  const { cookie } = await start();
  const answer = await idp.unsolicited('dave');
  const withOurRelayState = await start();
  // Even with a relay state and binding cookie of a real pending sign-in, an answer to no request is refused.
  assert.deepEqual(await post({ ...answer, RelayState: new URL(withOurRelayState.location).searchParams.get('RelayState')! }, withOurRelayState.cookie), {
    location: '/signin?sso_error=sso-response-invalid',
    session: false,
  });
  assert.deepEqual(await post(answer, cookie), { location: '/signin?sso_error=sso-request-expired', session: false }, 'without a relay state');
  assert.deepEqual(await accounts(), before);
  const [withoutRelayState, withRelayState] = await refusals();
  assert.match(withoutRelayState!.details!.reason, /relay state/);
  assert.match(withRelayState!.details!.reason, /InResponseTo/);
});

test('a valid answer signs in once; posting it again, or with the relay state of a new sign-in, is refused', async () => {
  const { cookie, location } = await start();
  const answer = await idp.respond(location, 'carol');
  assert.deepEqual(await post(answer, cookie), { location: '/rooms', session: true });
  assert.ok((await accounts()).includes(users.carol.email), 'the account is created');
  const before = await accounts();

  assert.deepEqual(await post(answer, cookie), { location: '/signin?sso_error=sso-request-expired', session: false }, 'the same post twice');

  const again = await start();
  const replay = { ...answer, RelayState: new URL(again.location).searchParams.get('RelayState')! };
  assert.deepEqual(await post(replay, again.cookie), { location: '/signin?sso_error=sso-response-invalid', session: false }, 'the assertion in a new sign-in');
  assert.deepEqual(await accounts(), before);
});

test('a logout request that the IdP did not sign ends no session, on either binding', async () => {
  const { cookie, location } = await start();
  const { sessionCookie } = await postForCookie(await idp.respond(location, 'carol'), cookie);
  assert.ok(sessionCookie, 'signed in');
  const request = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_forged" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:Issuer>${idp.entityId}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">carol</saml:NameID></samlp:LogoutRequest>`;
  const query = new URLSearchParams({ SAMLRequest: deflateRawSync(request).toString('base64') });
  const redirect = await fetch(`${moot.url}${ssoRoutes.samlLogout('corp-saml')}?${query}`, { redirect: 'manual' });
  assert.equal(redirect.headers.get('location'), '/signin?sso_error=sso-response-invalid', 'HTTP-Redirect');
  const post = await fetch(`${moot.url}${ssoRoutes.samlLogout('corp-saml')}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ SAMLRequest: Buffer.from(request).toString('base64') }) });
  assert.equal(post.headers.get('location'), '/signin?sso_error=sso-response-invalid', 'HTTP-POST');
  const me = (await (await fetch(`${moot.url}/api/me`, { headers: { cookie: sessionCookie } })).json()) as { user: { email: string } | null };
  assert.equal(me.user?.email, users.carol.email, 'the session goes on');
});
