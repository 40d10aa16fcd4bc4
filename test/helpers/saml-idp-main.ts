// A real SAML 2.0 identity provider (samlify) in a process of its own on 127.0.0.1, for the single
// sign-on tests. Its settings come as JSON in the first argument; it prints "ready" once it listens.
//
//   GET  /sso    the SP's AuthnRequest (HTTP-Redirect): the login form, or at once for a signed-in browser
//   POST /login  the form: signs the person in and posts the answer to the SP (HTTP-POST)
//   GET  /slo    the SP's LogoutRequest (answered on HTTP-POST) or LogoutResponse (HTTP-Redirect)
//   GET  /logout sign-out started here: a signed LogoutRequest to the SP (HTTP-POST)
//   PUT  /control/answer        what the next answers are (see Answer)
//   POST /control/unsolicited   an answer to no request, as JSON
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { validate } from '@authenio/samlify-xmllint-wasm';
import samlify from 'samlify';

/** `envelope-signed`: the Response is signed, its Assertion is not. */
export type Answer = 'normal' | 'wrong-audience' | 'expired' | 'unsigned' | 'envelope-signed' | 'wrong-issuer';

interface Settings {
  port: number;
  keyFile: string;
  certFile: string;
  /** moot's SP metadata, read at the first request (moot may start after this IdP). */
  spMetadataUrl: string;
  users: Record<string, { email: string; name: string; groups: string[] }>;
}

const settings = JSON.parse(process.argv[2]!) as Settings;
const base = `http://127.0.0.1:${settings.port}`;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const { binding } = samlify.Constants.namespace;
/** samlify names an entity's endpoints by the binding's short name. */
const POST = samlify.Constants.wording.binding.post;

samlify.setSchemaValidator({ validate });

type RequestInfo = Parameters<samlify.IdentityProviderInstance['createLoginResponse']>[1];

const idp = samlify.IdentityProvider({
  entityID: `${base}/metadata`,
  privateKey: readFileSync(settings.keyFile),
  signingCert: readFileSync(settings.certFile),
  nameIDFormat: [PERSISTENT],
  singleSignOnService: [{ Binding: binding.redirect, Location: `${base}/sso` }],
  singleLogoutService: [{ Binding: binding.redirect, Location: `${base}/slo` }],
});

let sp: samlify.ServiceProviderInstance | undefined;
async function serviceProvider(): Promise<samlify.ServiceProviderInstance> {
  if (!sp) {
    const metadata = await (await fetch(settings.spMetadataUrl)).text();
    // moot verifies the IdP's logout requests and answers, so they are signed.
    sp = samlify.ServiceProvider({ metadata, wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
  }
  return sp;
}

let answer: Answer = 'normal';
/** Browser sessions at this IdP: cookie -> who signed in, when, and the session's index. */
const sessions = new Map<string, { login: string; at: Date; index: string }>();
/** Sign-in requests waiting for the login form. */
const waiting = new Map<string, { request: samlify.Extractor.ExtractorResult; relayState?: string }>();

const RESPONSE = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}"><saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}"><saml:Issuer>{Issuer}</saml:Issuer><saml:Subject><saml:NameID Format="${PERSISTENT}">{NameID}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Destination}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{NotBefore}" NotOnOrAfter="{NotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{AuthnInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>{Attributes}</saml:AttributeStatement></saml:Assertion></samlp:Response>`;

const attribute = (name: string, values: string[], tag: string) =>
  `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values.map((_, i) => `<saml:AttributeValue xsi:type="xs:string">{${tag}${i}}</saml:AttributeValue>`).join('')}</saml:Attribute>`;

/** The answer's XML as the current `answer` wants it, for the person of `session`. */
function responseXml(target: samlify.ServiceProviderInstance, session: { login: string; at: Date; index: string }, inResponseTo: string | undefined): { id: string; context: string } {
  const user = settings.users[session.login]!;
  const now = Date.now();
  const shift = answer === 'expired' ? -15 * 60_000 : 0;
  const id = `_${randomBytes(16).toString('hex')}`;
  const template = RESPONSE.replace(
    '{Attributes}',
    attribute('email', [user.email], 'Email') + attribute('displayName', [user.name], 'Name') + attribute('groups', user.groups, 'Group'),
  );
  const values: Record<string, string | undefined> = {
    ID: id,
    AssertionID: `_${randomBytes(16).toString('hex')}`,
    IssueInstant: new Date(now + shift).toISOString(),
    NotBefore: new Date(now + shift - 60_000).toISOString(),
    NotOnOrAfter: new Date(now + shift + 5 * 60_000).toISOString(),
    AuthnInstant: session.at.toISOString(),
    SessionIndex: session.index,
    Destination: target.entityMeta.getAssertionConsumerService(POST) as string,
    InResponseTo: inResponseTo,
    Issuer: answer === 'wrong-issuer' ? `${base}/another-idp` : idp.entityMeta.getEntityID(),
    Audience: answer === 'wrong-audience' ? 'https://another-service.example/metadata' : target.entityMeta.getEntityID(),
    NameID: session.login,
    Email0: user.email,
    Name0: user.name,
    ...Object.fromEntries(user.groups.map((g, i) => [`Group${i}`, g])),
  };
  return { id, context: samlify.SamlLib.replaceTagsByValue(template, values) };
}

/** The HTTP-POST answer: signed by samlify as the SP's metadata asks (its assertion), unless the answer is to be unsigned. */
async function postAnswer(session: { login: string; at: Date; index: string }, request: samlify.Extractor.ExtractorResult | undefined, relayState: string | undefined) {
  const target = await serviceProvider();
  const inResponseTo = request?.request?.id as string | undefined;
  if (answer === 'unsigned' || answer === 'envelope-signed') {
    const { context } = responseXml(target, session, inResponseTo);
    const SAMLResponse =
      answer === 'unsigned'
        ? Buffer.from(context).toString('base64')
        : samlify.SamlLib.constructSAMLSignature({
            rawSamlMessage: context,
            isMessageSigned: true,
            signatureAlgorithm: samlify.Constants.algorithms.signature.RSA_SHA256,
            privateKey: readFileSync(settings.keyFile, 'utf8'),
            signingCert: idp.entityMeta.getX509Certificate('signing') as string,
            signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' } },
          });
    return { action: target.entityMeta.getAssertionConsumerService(POST) as string, SAMLResponse, RelayState: relayState };
  }
  const { context, entityEndpoint } = (await idp.createLoginResponse(target, { extract: request ?? {} } as RequestInfo, 'post', { email: session.login }, {
    relayState,
    customTagReplacement: () => responseXml(target, session, inResponseTo),
  })) as { context: string; entityEndpoint: string };
  return { action: entityEndpoint, SAMLResponse: context, RelayState: relayState };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, html: string, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head><body>${html}</body></html>`);
}

/** A message to the SP on the HTTP-POST binding: an auto-submitting form, or JSON for a caller that is not a browser. */
function postForm(req: IncomingMessage, res: ServerResponse, form: { action: string; RelayState?: string } & ({ SAMLResponse: string } | { SAMLRequest: string }), headers: Record<string, string> = {}) {
  if (req.headers.accept === 'application/json') {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    return res.end(JSON.stringify(form));
  }
  const { action, ...values } = form;
  const fields = Object.entries(values)
    .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
    .join('');
  page(res, `<form method="post" action="${escape(action)}">${fields}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`, 200, headers);
}

const signedOut = { 'set-cookie': 'idp_session=; Path=/; Max-Age=0' };

const sessionCookie = (req: IncomingMessage) => /(?:^|;\s*)idp_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, base);
  const query = Object.fromEntries(url.searchParams);
  const octetString = url.search.slice(1);

  if (req.method === 'GET' && url.pathname === '/sso') {
    const { extract, samlContent } = await idp.parseLoginRequest(await serviceProvider(), 'redirect', { query, octetString });
    // samlify's own extract leaves ForceAuthn out: a request for a fresh login must still get the form.
    const { forceAuthn } = samlify.Extractor.extract(samlContent, [{ key: 'forceAuthn', localPath: ['AuthnRequest'], attributes: ['ForceAuthn'] }]) as { forceAuthn?: string };
    const session = sessions.get(sessionCookie(req) ?? '');
    if (session && forceAuthn !== 'true') return postForm(req, res, await postAnswer(session, extract, query.RelayState));
    const key = randomBytes(16).toString('hex');
    waiting.set(key, { request: extract, relayState: query.RelayState });
    return page(
      res,
      `<h1>Test IdP</h1><form method="post" action="/login"><input type="hidden" name="request" value="${key}"><label>Login <input name="login"></label><button>Sign in</button></form>`,
    );
  }

  if (req.method === 'POST' && url.pathname === '/login') {
    const form = await body(req);
    const pending = waiting.get(form.get('request') ?? '');
    const login = form.get('login') ?? '';
    if (!pending || !settings.users[login]) return page(res, '<p>Unknown request or login</p>', 400);
    waiting.delete(form.get('request')!);
    const cookie = randomBytes(16).toString('hex');
    const session = { login, at: new Date(), index: `_${randomBytes(8).toString('hex')}` };
    sessions.set(cookie, session);
    return postForm(req, res, await postAnswer(session, pending.request, pending.relayState), { 'set-cookie': `idp_session=${cookie}; Path=/; HttpOnly; SameSite=Lax` });
  }

  if (req.method === 'GET' && url.pathname === '/slo') {
    const target = await serviceProvider();
    if (query.SAMLResponse) {
      await idp.parseLogoutResponse(target, 'redirect', { query, octetString });
      return page(res, '<p>You are signed out.</p>');
    }
    const request = await idp.parseLogoutRequest(target, 'redirect', { query, octetString });
    sessions.delete(sessionCookie(req) ?? '');
    const { context, entityEndpoint } = idp.createLogoutResponse(target, request as unknown as RequestInfo, 'post', query.RelayState) as { context: string; entityEndpoint: string };
    return postForm(req, res, { action: entityEndpoint, SAMLResponse: context, RelayState: query.RelayState }, signedOut);
  }

  if (req.method === 'GET' && url.pathname === '/logout') {
    const cookie = sessionCookie(req) ?? '';
    const session = sessions.get(cookie);
    if (!session) return page(res, '<p>Not signed in</p>', 400);
    sessions.delete(cookie);
    const { context, entityEndpoint } = idp.createLogoutRequest(await serviceProvider(), 'post', { logoutNameID: session.login, sessionIndex: session.index }) as { context: string; entityEndpoint: string };
    return postForm(req, res, { action: entityEndpoint, SAMLRequest: context }, signedOut);
  }

  if (req.method === 'PUT' && url.pathname === '/control/answer') {
    answer = (await body(req)).get('answer') as Answer;
    res.writeHead(204);
    return res.end();
  }

  if (req.method === 'POST' && url.pathname === '/control/unsolicited') {
    const login = (await body(req)).get('login') ?? '';
    if (!settings.users[login]) return page(res, '<p>Unknown login</p>', 400);
    return postForm(req, res, await postAnswer({ login, at: new Date(), index: `_${randomBytes(8).toString('hex')}` }, undefined, undefined));
  }

  page(res, '<p>Not found</p>', 404);
}

createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    page(res, `<p>Refused: ${escape(String((err as Error).message ?? err))}</p>`, 400);
  });
}).listen(settings.port, '127.0.0.1', () => console.log('ready'));
