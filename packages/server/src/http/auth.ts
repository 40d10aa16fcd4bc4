import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomSecret } from '../ids.ts';
import type { Db } from '../store/db.ts';
import { SESSION_COOKIE, userForSession } from '../accounts/sessions.ts';
import type { User } from '../accounts/accounts.ts';
import { can, type Action, type Context, type Principal } from '../policy/policy.ts';
import { HttpError } from './errors.ts';
import { belongsToRequest } from '../orgs/scope.ts';
import { requestOrganization } from '../orgs/resolve.ts';

/** The signed-in account, when it belongs to the organization the request is for (orgs/scope.ts). */
export async function currentUser(db: Db, request: FastifyRequest): Promise<User | undefined> {
  const user = await userForSession(db, request.cookies[SESSION_COOKIE]);
  return user && (await belongsToRequest(db, request.raw, user.id)) ? user : undefined;
}

/**
 * A suspended organization takes no new sign-in, by any method, and plays no recording: the
 * person is told why rather than refused as if their password were wrong.
 */
export async function refuseWhileSuspended(db: Db, request: FastifyRequest): Promise<void> {
  if ((await requestOrganization(db, request.raw))?.suspended === 1) throw new HttpError('org-suspended');
}

export function principalOf(user: User | undefined): Principal {
  return user ? { kind: 'user', id: user.id, role: user.role } : { kind: 'anonymous' };
}

/** Throws 401 for the anonymous and 403 for the signed-in when the policy says no. */
export function authorize(user: User | undefined, action: Action, context: Context = {}): void {
  if (can(principalOf(user), action, context)) return;
  throw new HttpError(user ? 'forbidden' : 'unauthenticated');
}

export function requireUser(user: User | undefined): User {
  if (!user) throw new HttpError('unauthenticated');
  return user;
}

/**
 * Browsers send Origin on cross-site requests; refuse any state change or WebSocket from
 * another site (cookies alone would let a foreign page act as the signed-in person). Only the
 * public URL's origin counts (and the onion service's, when there is one), never the Host header: a page on a name the attacker points at
 * this server (DNS rebinding) sends a Host that matches its own Origin.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string, onionUrl?: string): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === new URL(publicUrl).origin || (onionUrl !== undefined && origin === new URL(onionUrl).origin);
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds });
}

const GUEST_COOKIE = 'moot_guest';

/**
 * Gives a browser a random guest key the first time it looks at a room, so a guest a moderator
 * removed is recognised when they come back, without catching everyone behind the same address
 * (a shared NAT, a Tor exit). A key is no account: it only ever sends its holder to the lobby.
 */
export function ensureGuestCookie(request: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  if (request.cookies[GUEST_COOKIE]) return;
  reply.setCookie(GUEST_COOKIE, randomSecret(), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The key of a guest's browser; clients without the cookie are told apart by address only. */
export function guestKey(request: FastifyRequest): string {
  const cookie = request.cookies[GUEST_COOKIE];
  return cookie ? `cookie:${cookie.slice(0, 64)}` : `ip:${request.ip}`;
}
