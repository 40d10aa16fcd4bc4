// An organization's admin tries to make the server reach addresses inside the operator's network
// (this machine's services, private networks, cloud metadata) through its identity provider
// settings. Every such address is refused with its reason and nothing reaches the service standing
// in for them; the loopback provider the operator lists still works, and the operator's own
// `moot org sso` stays trusted.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { orgIdentityRoutes, ssoRoutes, type ErrorBody, type OrgSsoProvidersResponse } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';
import { freePort } from '../helpers/ports.ts';

let moot: Moot;
let listed: TestOidcProvider;
let admin: HttpClient;
/** Stands for Janus's admin API, Redis or a database on this machine: it must never be asked anything. */
let internal: Server;
let internalRequests = 0;
const scratch = makeTempDir('moot-org-sso-guard-');

before(async () => {
  internal = createServer((_req, res) => {
    internalRequests++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  const port = await freePort();
  listed = await startOidcProvider({ mootUrl: `http://127.0.0.1:${port}/o/gamma`, provider: 'staff', users: {} });
  moot = await startMoot({ env: { PORT: String(port), MOOT_SSO_ORGANIZATION_HOSTS: new URL(listed.issuer).host } });
  await moot.cli(['org', 'add', 'gamma', '--name', 'Gamma', '--json']);
  const password = randomPassword();
  await moot.cli(['user', 'add', 'admin@gamma.example', '--name', 'Gamma Admin', '--org', 'gamma', '--org-admin', '--password-stdin', '--json'], `${password}\n`);
  admin = new HttpClient(`${moot.url}/o/gamma`);
  await admin.signIn('admin@gamma.example', password);
});

after(async () => {
  await moot?.stop();
  await listed?.stop();
  internal?.close();
});

const internalPort = () => (internal.address() as AddressInfo).port;
const oidc = (issuer: string) => ({ kind: 'oidc', name: 'Gamma Staff', issuer, clientId: 'moot', clientSecret: 'a secret', scopes: 'openid email profile' });
/** The address checks come before the certificate is read: its form is enough here. */
const PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----';
const saml = (entryPoint: string, logoutUrl?: string) => ({ kind: 'saml', name: 'Gamma SAML', entryPoint, idpEntityId: 'https://idp.gamma.example', idpCert: PEM, ...(logoutUrl ? { logoutUrl } : {}) });

async function refused(settings: object, reason: RegExp): Promise<void> {
  const response = await admin.put(orgIdentityRoutes.ssoProvider('staff'), settings);
  assert.equal(response.status, 422, `${JSON.stringify(settings)}: ${response.text}`);
  const { error } = response.body as ErrorBody;
  assert.equal(error.code, 'sso-provider-address');
  assert.match(error.details?.join(' ') ?? '', reason);
}

test("an organization's admin cannot point its OpenID issuer at this machine or private networks, and nothing reaches them", async () => {
  const port = internalPort();
  await refused(oidc(`http://127.0.0.1:${port}/`), /issuer http:\/\/127\.0\.0\.1:\d+\/ must use https/);
  await refused(oidc(`https://127.0.0.1:${port}/`), /127\.0\.0\.1 is a loopback address/);
  await refused(oidc(`https://[::ffff:127.0.0.1]:${port}/`), /loopback address/);
  await refused(oidc(`https://localhost:${port}/`), /localhost resolves to 127\.0\.0\.1, a loopback address/);
  await refused(oidc('http://10.20.30.40/'), /must use https/);
  await refused(oidc('https://10.20.30.40/'), /10\.20\.30\.40 is a private network address/);
  await refused(oidc('https://169.254.169.254/latest/meta-data/'), /link-local/);
  await refused(oidc('https://100.64.1.1/'), /carrier-grade NAT/);
  await refused(oidc('https://[fd12::1]/'), /unique-local/);
  await refused(oidc('https://0.0.0.0/'), /unspecified/);
  const listing = await admin.get(orgIdentityRoutes.ssoProviders);
  assert.deepEqual((listing.body as OrgSsoProvidersResponse).providers, []);
  assert.equal(internalRequests, 0);
});

test("an organization's admin cannot point a SAML entry point or logout address at private networks or this machine", async () => {
  await refused(saml('https://192.168.1.10/sso'), /entryPoint https:\/\/192\.168\.1\.10\/sso is not a public address/);
  await refused(saml('https://93.184.216.34/sso', `http://127.0.0.1:${internalPort()}/logout`), /logoutUrl .* must use https/);
  assert.equal(internalRequests, 0);
});

test('the loopback provider the operator lists is taken over plain http, and a sign-in starts at it', async () => {
  const secret = readFileSync(listed.env.MOOT_OIDC_CLIENT_SECRET_FILE!, 'utf8').trim();
  const saved = await admin.put(orgIdentityRoutes.ssoProvider('staff'), { ...oidc(listed.issuer), clientSecret: secret });
  assert.equal(saved.status, 200, saved.text);
  const started = await fetch(`${moot.url}/o/gamma${ssoRoutes.oidcStart('staff')}?next=/rooms`, { redirect: 'manual' });
  assert.equal(started.status, 302);
  assert.equal(new URL(started.headers.get('location')!).origin, listed.issuer, 'discovery went to the listed provider');
});

test("the operator's `moot org sso` stays trusted; the same provider saved again by the organization's admin is checked", async () => {
  const settingsFile = join(scratch, 'ops.json');
  writeFileSync(settingsFile, JSON.stringify(oidc(`http://127.0.0.1:${internalPort()}/`)));
  const set = await moot.cli<{ id: string }>(['org', 'sso', 'set', 'gamma', 'ops', '--settings-file', settingsFile, '--json']);
  assert.equal(set.id, 'ops');
  const resaved = await admin.put(orgIdentityRoutes.ssoProvider('ops'), { ...oidc(`http://127.0.0.1:${internalPort()}/`), name: 'Ops, renamed' });
  assert.equal(resaved.status, 422, resaved.text);
  assert.equal((resaved.body as ErrorBody).error.code, 'sso-provider-address');
});
