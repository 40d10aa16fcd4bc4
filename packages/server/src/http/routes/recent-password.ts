import type { FastifyRequest } from 'fastify';
import type { Db } from '../../store/db.ts';
import { SESSION_COOKIE, recentlyConfirmed } from '../../accounts/sessions.ts';
import { HttpError } from '../errors.ts';

/**
 * Admin actions on the web need the password typed in this session within the last minutes: a
 * stolen or forgotten-open session alone cannot change who may do what. Checked here, on the
 * server, for every such route.
 */
export async function requireRecentPassword(db: Db, request: FastifyRequest, minutes: number): Promise<void> {
  if (!(await recentlyConfirmed(db, request.cookies[SESSION_COOKIE], minutes))) throw new HttpError('reauth-required');
}
