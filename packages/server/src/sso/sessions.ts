import type { FastifyReply } from 'fastify';
import { recordSignIn, type User } from '../accounts/accounts.ts';
import { SESSION_DAYS, createSession, sessionChanges } from '../accounts/sessions.ts';
import { setSessionCookie } from '../http/auth.ts';
import { hashSecret } from '../ids.ts';
import type { Db } from '../store/db.ts';

/** The provider's session a moot session came from. */
export interface ProviderSession {
  provider: string;
  issuer: string;
  subject: string;
  /** OpenID `sid` or SAML SessionIndex. */
  providerSession?: string;
  /** What signing out at the provider needs (JSON-able). */
  logoutHint?: Record<string, unknown>;
}

/** Starts the normal moot session for a person the provider just signed in. */
export async function openSession(db: Db, reply: FastifyReply, secure: boolean, user: User, from: ProviderSession): Promise<void> {
  const token = await createSession(db, user.id);
  await db
    .insertInto('sso_sessions')
    .values({
      session_id: hashSecret(token),
      provider: from.provider,
      issuer: from.issuer,
      subject: from.subject,
      provider_session: from.providerSession ?? null,
      logout_hint: from.logoutHint ? JSON.stringify(from.logoutHint) : null,
    })
    .execute();
  setSessionCookie(reply, token, secure, SESSION_DAYS * 86_400);
  await recordSignIn(db, user.id);
}

export async function providerSessionOf(db: Db, token: string): Promise<(ProviderSession & { logoutHint: Record<string, unknown> }) | undefined> {
  const row = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', hashSecret(token)).executeTakeFirst();
  if (!row) return undefined;
  return { provider: row.provider, issuer: row.issuer, subject: row.subject, providerSession: row.provider_session ?? undefined, logoutHint: JSON.parse(row.logout_hint ?? '{}') };
}

/**
 * Ends the moot sessions the provider's logout names (its session, else every session of the
 * subject from that issuer), among those that came through that provider (`scope`): another
 * organization's provider claiming the same issuer ends none of them. Open sockets follow as for
 * "sign out everywhere". Returns how many.
 */
export async function endProviderSessions(db: Db, scope: string, issuer: string, which: { subject?: string; providerSession?: string }): Promise<number> {
  if (!which.subject && !which.providerSession) return 0;
  let query = db
    .selectFrom('sso_sessions')
    .innerJoin('sessions', 'sessions.id', 'sso_sessions.session_id')
    .select(['sessions.id', 'sessions.user_id'])
    .where('sso_sessions.provider', '=', scope)
    .where('sso_sessions.issuer', '=', issuer);
  if (which.providerSession) query = query.where('sso_sessions.provider_session', '=', which.providerSession);
  if (which.subject) query = query.where('sso_sessions.subject', '=', which.subject);
  const rows = await query.execute();
  if (!rows.length) return 0;
  await db.deleteFrom('sessions').where('id', 'in', rows.map((r) => r.id)).execute();
  for (const userId of new Set(rows.map((r) => r.user_id))) sessionChanges.emit('changed', userId);
  return rows.length;
}
