import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { randomPassword } from './fixtures.ts';
import { HttpClient } from './http.ts';
import type { Moot } from './moot.ts';

export interface OrgPerson {
  email: string;
  password: string;
  id: string;
}

/** An account made with `moot user add` in `org` (the operator's organization without one); its email names both. */
export async function addOrgPerson(moot: Pick<Moot, 'cli'>, org: string | undefined, name: string, flags: string[] = []): Promise<OrgPerson> {
  const email = `${name.toLowerCase()}@${org ?? 'main'}.example`;
  const password = randomPassword();
  const made = await moot.cli<{ id: string }>(['user', 'add', email, '--name', name, ...(org ? ['--org', org] : []), ...flags, '--password-stdin', '--json'], `${password}\n`);
  return { email, password, id: made.id };
}

const sessions = new Map<string, Promise<HttpClient>>();

/**
 * A REST client signed in as `who` at an organization's address on the main domain (`/o/<slug>`,
 * or '' for the operator's), one session per person and address, since the server limits
 * sign-ins per address. With `confirm`, the password is confirmed too, as admin changes need.
 */
export function orgSession(moot: Pick<Moot, 'url'>, prefix: string, who: Pick<OrgPerson, 'email' | 'password'>, options: { confirm?: boolean } = {}): Promise<HttpClient> {
  const key = `${moot.url}${prefix} ${who.email} ${options.confirm ? 'confirmed' : ''}`;
  let http = sessions.get(key);
  if (!http) {
    http = (async () => {
      const client = new HttpClient(`${moot.url}${prefix}`);
      await client.signIn(who.email, who.password);
      if (options.confirm) assert.equal((await client.post('/api/session/confirm', { password: who.password })).status, 204);
      return client;
    })();
    sessions.set(key, http);
  }
  return http;
}

/**
 * A request as a browser at an organization's own domain makes it: the same server on
 * 127.0.0.1, with that Host and Origin (nothing resolves the name).
 */
export function requestAtDomain(moot: Pick<Moot, 'port'>, host: string, method: string, path: string, cookie = '', json?: unknown): Promise<{ status: number; body: unknown }> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = { host: `${host}:${moot.port}`, origin: `http://${host}:${moot.port}`, ...(cookie ? { cookie } : {}) };
  if (body) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: moot.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
