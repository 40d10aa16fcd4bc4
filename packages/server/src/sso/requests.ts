import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashSecret, randomSecret } from '../ids.ts';
import type { Db } from '../store/db.ts';
import { SsoError } from './errors.ts';

/** A sign-in started at moot, waiting for the provider's answer. */
export interface PendingSignIn {
  purpose: 'sign-in' | 'confirm';
  next: string;
  /** Hash of the browser's binding cookie: the answer must come back to the browser that asked. */
  binding: string;
  /** For `confirm`: the account whose session is being confirmed. */
  userId?: string;
  /** OpenID Connect only. */
  verifier?: string;
  nonce?: string;
}

/** Minutes a person has at the provider before the sign-in must be started again. */
const PENDING_MINUTES = 10;
const BINDING_COOKIE = 'moot_sso';

/**
 * The binding cookie ties a sign-in to the browser that started it (no one can hand a victim the
 * end of their own sign-in). A SAML answer arrives as a cross-site POST, which carries only
 * SameSite=None cookies, and browsers accept those over HTTPS only.
 */
export function bindBrowser(reply: FastifyReply, secure: boolean): string {
  const token = randomSecret();
  reply.setCookie(BINDING_COOKIE, token, { httpOnly: true, secure, sameSite: secure ? 'none' : 'lax', path: '/api/auth/', maxAge: PENDING_MINUTES * 60 });
  return hashSecret(token);
}

export async function savePending(db: Db, key: string, provider: string, data: PendingSignIn): Promise<void> {
  const now = new Date();
  await db.deleteFrom('sso_requests').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('sso_requests')
    .values({ id: hashSecret(key), provider, data: JSON.stringify(data), expires_at: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString() })
    .execute();
}

/** Takes (and so uses up) the sign-in `key` names, checking it is this browser's and still fresh. */
export async function takePending(db: Db, request: FastifyRequest, key: string | undefined, provider: string): Promise<PendingSignIn> {
  if (!key) throw new SsoError('sso-request-expired', 'no state or relay state in the answer');
  const row = await db.deleteFrom('sso_requests').where('id', '=', hashSecret(key)).where('provider', '=', provider).returningAll().executeTakeFirst();
  if (!row || row.expires_at < new Date().toISOString()) throw new SsoError('sso-request-expired', 'unknown, used or expired state');
  const pending = JSON.parse(row.data) as PendingSignIn;
  const cookie = request.cookies[BINDING_COOKIE];
  if (!cookie || hashSecret(cookie) !== pending.binding) throw new SsoError('sso-request-expired', 'answer reached a browser that did not start this sign-in');
  return pending;
}

/** Records a one-time id (assertion, logout token); false when it was used already. */
export async function useOnce(db: Db, id: string, until: Date): Promise<boolean> {
  const now = new Date().toISOString();
  await db.deleteFrom('sso_used_tokens').where('expires_at', '<', now).execute();
  const result = await db
    .insertInto('sso_used_tokens')
    .values({ id: hashSecret(id), expires_at: until.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
