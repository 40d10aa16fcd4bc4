import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ssoRoutes } from '../../packages/protocol/src/sso.ts';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';

export interface OidcUser {
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  /** The moot environment that points at this provider. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./oidc-provider-main.ts', import.meta.url));

/**
 * Starts oidc-provider in a process of its own on 127.0.0.1 with one client for the moot at
 * `mootUrl` (provider id `provider`) and the given users (login name: their subject).
 */
export async function startOidcProvider(options: { mootUrl: string; provider?: string; adminGroup?: string; users: Record<string, OidcUser> }): Promise<TestOidcProvider> {
  const id = options.provider ?? 'corp';
  const port = await freePort();
  const secret = randomBytes(24).toString('base64url');
  const settings = {
    port,
    client: {
      id: 'moot',
      secret,
      redirectUri: `${options.mootUrl}${ssoRoutes.oidcCallback(id)}`,
      postLogoutRedirectUri: `${options.mootUrl}/signin`,
      backchannelLogoutUri: `${options.mootUrl}${ssoRoutes.oidcBackchannelLogout(id)}`,
    },
    users: options.users,
  };
  const dir = makeTempDir('moot-oidc-');
  const { stop } = await startDaemon({
    label: `oidc-provider http://127.0.0.1:${port}`,
    command: process.execPath,
    args: ['--import', 'tsx', script, JSON.stringify(settings)],
    dir,
    ready: (output) => output.text().includes('ready'),
    readyTimeoutMs: 30_000,
  });
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    clientId: 'moot',
    env: {
      MOOT_OIDC_ISSUER: issuer,
      MOOT_OIDC_ID: id,
      MOOT_OIDC_NAME: 'Corp ID',
      MOOT_OIDC_CLIENT_ID: 'moot',
      MOOT_OIDC_CLIENT_SECRET_FILE: secretFile,
      MOOT_OIDC_SCOPES: 'openid email profile groups',
      ...(options.adminGroup ? { MOOT_OIDC_ADMIN_GROUP: options.adminGroup } : {}),
    },
    stop,
  };
}
