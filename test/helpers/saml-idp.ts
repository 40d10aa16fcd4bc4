import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ssoRoutes } from '../../packages/protocol/src/sso.ts';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';
import type { Answer } from './saml-idp-main.ts';

export type { Answer as SamlAnswer };

export interface SamlUser {
  email: string;
  name: string;
  groups: string[];
}

/** The IdP's answer as the form it has the browser post to moot. */
export interface SamlPost {
  action: string;
  SAMLResponse: string;
  RelayState?: string;
}

export interface TestSamlIdp {
  url: string;
  entityId: string;
  /** The moot environment that points at this IdP. */
  env: Record<string, string>;
  /** What the IdP's next answers are: normal, or broken in one way. */
  answer(kind: Answer): Promise<void>;
  /** Signs `login` in for the request moot redirected to (`location`), as a browser's login form would. */
  respond(location: string, login: string): Promise<SamlPost>;
  /** An answer for `login` that answers no request moot sent. */
  unsolicited(login: string): Promise<SamlPost>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./saml-idp-main.ts', import.meta.url));

/**
 * Starts a samlify IdP in a process of its own on 127.0.0.1, with a signing key and certificate
 * made now, for the moot at `mootUrl` (provider id `provider`) and the given users (their login
 * name is their persistent NameID).
 */
export async function startSamlIdp(options: { mootUrl: string; provider?: string; adminGroup?: string; users: Record<string, SamlUser> }): Promise<TestSamlIdp> {
  const id = options.provider ?? 'corp-saml';
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = makeTempDir('moot-saml-idp-');
  const keyFile = join(dir, 'idp.key');
  const certFile = join(dir, 'idp.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=moot test IdP'], { stdio: 'ignore' });
  const settings = { port, keyFile, certFile, spMetadataUrl: `${options.mootUrl}${ssoRoutes.samlMetadata(id)}`, users: options.users };
  const { stop } = await startDaemon({
    label: `saml-idp ${url}`,
    command: process.execPath,
    args: ['--import', 'tsx', script, JSON.stringify(settings)],
    dir,
    ready: (output) => output.text().includes('ready'),
    readyTimeoutMs: 30_000,
  });

  const call = async (method: 'PUT' | 'POST', path: string, form: Record<string, string>, accept?: string): Promise<Response> => {
    const response = await fetch(`${url}${path}`, { method, body: new URLSearchParams(form), headers: accept ? { accept } : {} });
    if (!response.ok) throw new Error(`SAML IdP ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  return {
    url,
    entityId: `${url}/metadata`,
    env: {
      MOOT_SAML_ENTRY_POINT: `${url}/sso`,
      MOOT_SAML_ID: id,
      MOOT_SAML_NAME: 'Corp SAML',
      MOOT_SAML_IDP_ENTITY_ID: `${url}/metadata`,
      MOOT_SAML_IDP_CERT_FILE: certFile,
      MOOT_SAML_LOGOUT_URL: `${url}/slo`,
      ...(options.adminGroup ? { MOOT_SAML_ADMIN_GROUP: options.adminGroup } : {}),
    },
    answer: async (kind) => {
      await call('PUT', '/control/answer', { answer: kind });
    },
    respond: async (location, login) => {
      const form = await fetch(location);
      const html = await form.text();
      const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
      if (!request) throw new Error(`SAML IdP did not show its login form: ${form.status} ${html}`);
      return (await call('POST', '/login', { request, login }, 'application/json')).json() as Promise<SamlPost>;
    },
    unsolicited: async (login) => (await call('POST', '/control/unsolicited', { login }, 'application/json')).json() as Promise<SamlPost>,
    stop,
  };
}
