// Single sign-on per organization, against real providers in their own processes: the operator's
// configured OpenID provider, Alpha's SAML IdP (set by the operator with `moot org sso`) and
// Beta's SAML IdP and OpenID provider (set by Beta's admin over REST). Each sign-in page shows its
// organization's providers only; a sign-in through an organization's provider makes a member of
// that organization (its admin group, organization admins, never operators); and Beta's IdP's
// answer posted at Alpha's ACS is refused. Beta's providers run on this machine, so the operator
// lists their hosts in sso.organizationHosts (org-sso-guard.test.ts: what happens without).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { orgIdentityRoutes, ssoRoutes, type OrgSsoProvidersResponse, type OrgSsoProviderView, type SsoProvidersResponse } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';
import { freePort } from '../helpers/ports.ts';
import { startSamlIdp, type SamlPost, type TestSamlIdp } from '../helpers/saml-idp.ts';

let moot: Moot;
let operatorOidc: TestOidcProvider;
let alphaSaml: TestSamlIdp;
let betaSaml: TestSamlIdp;
let betaOidc: TestOidcProvider;
let betaAdmin: HttpClient;
const scratch = makeTempDir('moot-org-sso-');
const alphaUsers = { amy: { email: 'amy@alpha.example', name: 'Amy Alpha', groups: ['alpha-admins'] }, abel: { email: 'abel@alpha.example', name: 'Abel Alpha', groups: [] } };
const betaUsers = { bob: { email: 'bob@beta.example', name: 'Bob Beta', groups: ['beta-admins'] }, amy: { email: 'amy@alpha.example', name: 'Amy at Beta', groups: [] } };
const betaOidcUsers = { bert: { email: 'bert@beta.example', emailVerified: true, name: 'Bert Beta', groups: ['beta-admins'] } };

function samlSettings(idp: TestSamlIdp, adminGroup: string) {
  return {
    kind: 'saml',
    name: idp.env.MOOT_SAML_NAME,
    entryPoint: idp.env.MOOT_SAML_ENTRY_POINT,
    idpEntityId: idp.entityId,
    idpCert: readFileSync(idp.env.MOOT_SAML_IDP_CERT_FILE!, 'utf8'),
    logoutUrl: idp.env.MOOT_SAML_LOGOUT_URL,
    adminGroup,
  };
}

before(async () => {
  const port = await freePort();
  const main = `http://127.0.0.1:${port}`;
  [operatorOidc, alphaSaml, betaSaml, betaOidc] = await Promise.all([
    startOidcProvider({ mootUrl: main, users: {} }),
    startSamlIdp({ mootUrl: `${main}/o/alpha`, provider: 'corp', users: alphaUsers }),
    startSamlIdp({ mootUrl: `${main}/o/beta`, provider: 'corp', users: betaUsers }),
    startOidcProvider({ mootUrl: `${main}/o/beta`, provider: 'staff', users: betaOidcUsers }),
  ]);
  const betaHosts = [new URL(betaSaml.env.MOOT_SAML_ENTRY_POINT!).host, new URL(betaOidc.issuer).host];
  moot = await startMoot({ env: { PORT: String(port), ...operatorOidc.env, MOOT_SSO_ORGANIZATION_HOSTS: betaHosts.join(',') } });
  for (const slug of ['alpha', 'beta']) await moot.cli(['org', 'add', slug, '--name', slug, '--json']);
  const settingsFile = join(scratch, 'alpha-saml.json');
  writeFileSync(settingsFile, JSON.stringify(samlSettings(alphaSaml, 'alpha-admins')));
  await moot.cli(['org', 'sso', 'set', 'alpha', 'corp', '--settings-file', settingsFile, '--json']);
  const password = randomPassword();
  await moot.cli(['user', 'add', 'admin@beta.example', '--name', 'Beta Admin', '--org', 'beta', '--org-admin', '--password-stdin', '--json'], `${password}\n`);
  betaAdmin = new HttpClient(`${moot.url}/o/beta`);
  await betaAdmin.signIn('admin@beta.example', password);
});

after(async () => {
  await moot?.stop();
  await Promise.all([operatorOidc, alphaSaml, betaSaml, betaOidc].map((p) => p?.stop()));
});

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const members = async (email: string) => (await moot.cli<{ email: string; role: string; organizations: string[] }[]>(['user', 'list', '--json'])).find((u) => u.email === email);

/** Starts a SAML sign-in at an organization's address: the binding cookie and where moot sends the browser. */
async function startSaml(prefix: string, provider: string): Promise<{ cookie: string; location: string }> {
  const response = await fetch(`${moot.url}${prefix}${ssoRoutes.samlStart(provider)}?next=/rooms`, { redirect: 'manual' });
  assert.equal(response.status, 302);
  return { cookie: cookiesOf(response), location: response.headers.get('location')! };
}

/** Posts an IdP's answer to `action` as the browser would: where moot sends it, and whether a session opened. */
async function postAnswer(action: string, form: SamlPost, cookie: string): Promise<{ location: string; session?: string }> {
  const fields: Record<string, string> = { SAMLResponse: form.SAMLResponse, ...(form.RelayState ? { RelayState: form.RelayState } : {}) };
  const response = await fetch(action, { method: 'POST', redirect: 'manual', headers: { cookie }, body: new URLSearchParams(fields) });
  assert.equal(response.status, 303);
  return { location: response.headers.get('location')!, session: response.headers.getSetCookie().find((c) => c.startsWith('moot_session='))?.split(';')[0] };
}

test("each sign-in page offers its own organization's providers only, with the organization's address", async () => {
  const providers = async (prefix: string) => ((await (await fetch(`${moot.url}${prefix}${ssoRoutes.providers}`)).json()) as SsoProvidersResponse).providers;
  assert.deepEqual(await providers(''), [{ id: 'corp', kind: 'oidc', name: 'Corp ID', start: ssoRoutes.oidcStart('corp') }]);
  assert.deepEqual(await providers('/o/alpha'), [{ id: 'corp', kind: 'saml', name: 'Corp SAML', start: `/o/alpha${ssoRoutes.samlStart('corp')}` }]);
  assert.deepEqual(await providers('/o/beta'), []);
  const other = await fetch(`${moot.url}/o/alpha${ssoRoutes.oidcStart('corp')}?next=/`, { redirect: 'manual' });
  assert.equal(other.status, 404, "the operator's provider is not reachable at Alpha's address");
});

test("Beta's admin sets Beta's providers over REST: the secret is write-only, members and other organizations' admins are refused", async () => {
  const put = (http: HttpClient, id: string, body: unknown) => http.put(orgIdentityRoutes.ssoProvider(id), body);
  const secret = readFileSync(betaOidc.env.MOOT_OIDC_CLIENT_SECRET_FILE!, 'utf8').trim();
  const oidcSettings = { kind: 'oidc', name: 'Beta Staff', issuer: betaOidc.issuer, clientId: betaOidc.clientId, scopes: 'openid email profile groups', adminGroup: 'beta-admins' };
  const missing = await put(betaAdmin, 'staff', oidcSettings);
  assert.equal(missing.status, 400, missing.text);
  assert.match(missing.text, /client secret/);
  const bad = await put(betaAdmin, 'staff', { ...oidcSettings, issuer: 'not a url', clientSecret: secret });
  assert.equal(bad.status, 400);
  const saved = await put(betaAdmin, 'staff', { ...oidcSettings, clientSecret: secret });
  assert.equal(saved.status, 200, saved.text);
  const view = saved.body as OrgSsoProviderView;
  assert.equal(view.kind === 'oidc' && view.hasClientSecret, true);
  assert.equal(view.addresses.redirectUri, `${moot.url}/o/beta${ssoRoutes.oidcCallback('staff')}`);
  assert.equal((await put(betaAdmin, 'corp', samlSettings(betaSaml, 'beta-admins'))).status, 200);
  // Saved again without the secret: the stored one stays.
  assert.equal((await put(betaAdmin, 'staff', { ...oidcSettings, name: 'Beta Staff ID' })).status, 200);
  const listed = await betaAdmin.get(orgIdentityRoutes.ssoProviders);
  assert.equal(listed.status, 200);
  assert.deepEqual((listed.body as OrgSsoProvidersResponse).providers.map((p) => [p.id, p.kind, p.name]), [['corp', 'saml', 'Corp SAML'], ['staff', 'oidc', 'Beta Staff ID']]);
  assert.equal(listed.text.includes(secret), false, 'the secret never comes back');

  const memberPassword = randomPassword();
  await moot.cli(['user', 'add', 'member@beta.example', '--name', 'Beta Member', '--org', 'beta', '--password-stdin', '--json'], `${memberPassword}\n`);
  const member = new HttpClient(`${moot.url}/o/beta`);
  await member.signIn('member@beta.example', memberPassword);
  assert.equal((await member.get(orgIdentityRoutes.ssoProviders)).status, 403);
  assert.equal((await put(member, 'staff', { ...oidcSettings, clientSecret: 'x' })).status, 403);
  const alphaAdminPassword = randomPassword();
  await moot.cli(['user', 'add', 'admin@alpha.example', '--name', 'Alpha Admin', '--org', 'alpha', '--org-admin', '--password-stdin', '--json'], `${alphaAdminPassword}\n`);
  const alphaAdmin = new HttpClient(`${moot.url}/o/alpha`);
  await alphaAdmin.signIn('admin@alpha.example', alphaAdminPassword);
  const atBeta = new HttpClient(`${moot.url}/o/beta`);
  for (const [name, value] of alphaAdmin.cookies) atBeta.cookies.set(name, value);
  assert.equal((await atBeta.get(orgIdentityRoutes.ssoProviders)).status, 401);
  assert.equal((await atBeta.delete(orgIdentityRoutes.ssoProvider('corp'))).status, 401);
  assert.deepEqual(((await alphaAdmin.get(orgIdentityRoutes.ssoProviders)).body as OrgSsoProvidersResponse).providers.map((p) => p.id), ['corp'], "Alpha's list is Alpha's");
});

test("a SAML sign-in at Alpha makes a member of Alpha, and its admin group makes Alpha's admins, not operators", async () => {
  const { cookie, location } = await startSaml('/o/alpha', 'corp');
  const answer = await alphaSaml.respond(location, 'amy');
  assert.equal(answer.action, `${moot.url}/o/alpha${ssoRoutes.samlAcs('corp')}`, "the ACS carries Alpha's address");
  const signedIn = await postAnswer(answer.action, answer, cookie);
  assert.equal(signedIn.location, '/o/alpha/rooms');
  assert.ok(signedIn.session);
  assert.deepEqual(await members(alphaUsers.amy.email).then((u) => u && { role: u.role, organizations: u.organizations }), { role: 'member', organizations: ['alpha'] });
  const amy = new HttpClient(`${moot.url}/o/alpha`);
  amy.cookies.set('moot_session', signedIn.session!.split('=')[1]!);
  assert.equal((await amy.get(orgIdentityRoutes.ssoProviders)).status, 200, 'Amy administers Alpha');
});

test("Beta's IdP's answer posted at Alpha's ACS is refused, with Alpha's or Beta's sign-in under way", async () => {
  const before = await members(betaUsers.bob.email);
  const atBeta = await startSaml('/o/beta', 'corp');
  const answer = await betaSaml.respond(atBeta.location, 'bob');
  assert.equal(answer.action, `${moot.url}/o/beta${ssoRoutes.samlAcs('corp')}`);
  const alphaAcs = `${moot.url}/o/alpha${ssoRoutes.samlAcs('corp')}`;
  const withBetasState = await postAnswer(alphaAcs, answer, atBeta.cookie);
  assert.deepEqual(withBetasState, { location: '/o/alpha/signin?sso_error=sso-request-expired', session: undefined });
  const atAlpha = await startSaml('/o/alpha', 'corp');
  const alphaRelay = new URL(atAlpha.location).searchParams.get('RelayState')!;
  const withAlphasState = await postAnswer(alphaAcs, { ...answer, RelayState: alphaRelay }, atAlpha.cookie);
  assert.deepEqual(withAlphasState, { location: '/o/alpha/signin?sso_error=sso-response-invalid', session: undefined });
  assert.equal(before, undefined);
  assert.equal(await members(betaUsers.bob.email), undefined, 'no account was made');
  const refusals = (await moot.cli<{ action: string; details: { code: string; reason: string; organization: string } | null }[]>(['audit', 'log', '--json'])).filter((e) => e.action === 'sso.refused');
  // Newest first: the answer with Alpha's state fails the protocol's checks, the one with Beta's state has no sign-in here.
  assert.match(refusals[0]!.details!.reason, /audience|issuer|InResponseTo|signature/i);
  assert.match(refusals[1]!.details!.reason, /unknown, used or expired state/);
  assert.deepEqual([refusals[0]!.details!.organization, refusals[1]!.details!.organization], ['alpha', 'alpha']);
});

test("Beta's IdP cannot sign in as Alpha's member by asserting her email", async () => {
  const { cookie, location } = await startSaml('/o/beta', 'corp');
  const answer = await betaSaml.respond(location, 'amy');
  assert.deepEqual(await postAnswer(answer.action, answer, cookie), { location: '/o/beta/signin?sso_error=sso-other-organization', session: undefined });
  assert.deepEqual((await members(alphaUsers.amy.email))?.organizations, ['alpha']);
});

/** The provider's login form, then its consent, as a browser submits them; returns moot's callback address. */
test('a sign-in at a suspended organization is refused, also when the suspension came while the person was at the provider', async () => {
  const { cookie, location } = await startSaml('/o/alpha', 'corp');
  const answer = await alphaSaml.respond(location, 'amy');
  await moot.cli(['org', 'set', 'alpha', '--suspended', 'yes', '--json']);
  try {
    assert.deepEqual(await postAnswer(answer.action, answer, cookie), { location: '/o/alpha/signin?sso_error=sso-org-suspended', session: undefined });
  } finally {
    await moot.cli(['org', 'set', 'alpha', '--suspended', 'no', '--json']);
  }
});

async function loginAtProvider(authorize: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let next = authorize;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 12; step++) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(next, { method: body ? 'POST' : 'GET', redirect: 'manual', headers: { cookie }, body });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next).href;
      if (next.startsWith(moot.url)) return next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider showed no form: ${response.status} ${html.slice(0, 300)}`);
    const fields = new URLSearchParams([...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (html.includes('name="login"')) fields.set('login', login);
    if (html.includes('name="password"')) fields.set('password', 'any password');
    next = new URL(action, next).href;
    body = fields;
  }
  throw new Error('the provider never sent the browser back to moot');
}

test("an OpenID sign-in at Beta goes back to Beta's address and makes a member and admin of Beta", async () => {
  const started = await fetch(`${moot.url}/o/beta${ssoRoutes.oidcStart('staff')}?next=/rooms`, { redirect: 'manual' });
  assert.equal(started.status, 302);
  const authorize = new URL(started.headers.get('location')!);
  assert.equal(authorize.searchParams.get('redirect_uri'), `${moot.url}/o/beta${ssoRoutes.oidcCallback('staff')}`);
  const callback = await loginAtProvider(authorize.href, 'bert');
  const finished = await fetch(callback, { redirect: 'manual', headers: { cookie: cookiesOf(started) } });
  assert.equal(finished.status, 303);
  assert.equal(finished.headers.get('location'), '/o/beta/rooms');
  const session = finished.headers.getSetCookie().find((c) => c.startsWith('moot_session='))?.split(';')[0];
  assert.ok(session);
  const bert = new HttpClient(`${moot.url}/o/beta`);
  bert.cookies.set('moot_session', session.split('=')[1]!);
  assert.equal((await bert.get(orgIdentityRoutes.ssoProviders)).status, 200, 'Bert administers Beta');
  assert.deepEqual(await members(betaOidcUsers.bert.email).then((u) => u && { role: u.role, organizations: u.organizations }), { role: 'member', organizations: ['beta'] });
  // The same callback at Alpha's address finds no such provider there.
  const elsewhere = await fetch(callback.replace('/o/beta/', '/o/alpha/'), { redirect: 'manual', headers: { cookie: cookiesOf(started) } });
  assert.equal(elsewhere.status, 404);
});
