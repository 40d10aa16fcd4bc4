import type { InvitationView, MailStatusView } from '@moot/protocol';
import { accountRoutes } from '@moot/protocol';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailTemplates } from '../mail/templates.ts';
import type { Db } from '../store/db.ts';
import type { User } from './accounts.ts';
import { issueReset, retireResets } from './resets.ts';

export interface InvitationDeps {
  db: Db;
  config: Config;
  mailer: Mailer;
  log: Logger;
}

/** Audit action of a reset asked for while no mail could carry the link: the administrators are told of it instead. */
export const UNSENT_RESET = 'password.reset-unsent';
/** How long such a request lets an administrator make a link for an account that has a password. */
const UNSENT_RESET_HOURS = 24;

/**
 * Issues a one-time link to set the account's password (it replaces any earlier one) and mails
 * it. Without a mail server, or when sending fails, the link comes back for the administrator
 * to pass on; a mailed link is never shown to anyone but its owner. The mail is in `language`
 * (the inviting administrator's browser's, when known: moot has no other hint of the person's).
 * The link leads to `baseUrl`: an organization's own address for the people it invites.
 */
export async function invite(
  { db, config, mailer, log }: InvitationDeps,
  user: User,
  language = config.accounts.mailLanguage,
  baseUrl = config.http.publicUrl,
): Promise<InvitationView> {
  const days = config.accounts.invitationDays;
  await retireResets(db, user.id);
  const token = await issueReset(db, user.id, days * 24 * 60);
  const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  // The token rides in the fragment: it stays out of server and proxy logs.
  const link = `${baseUrl}${accountRoutes.invitationPage}#${token}`;
  if (!mailer.configured) return { mailed: false, link, expiresAt };
  try {
    await mailer.send(user.email, mailTemplates(language).invitation({ name: user.name, link, days, serverUrl: baseUrl }));
    return { mailed: true, expiresAt };
  } catch (err) {
    log.error({ err: (err as Error).message, user: user.id }, 'could not send the invitation mail; the administrator gets the link instead');
    return { mailed: false, link, expiresAt };
  }
}

/**
 * Invites the accounts a directory sync just made, unless they sign in with the directory's
 * password. Without a mail server no link is made: the administration page lists them as
 * invited and makes each link on demand.
 */
export async function inviteNewAccounts(deps: InvitationDeps, users: User[]): Promise<void> {
  const { config, mailer, log } = deps;
  if (users.length === 0 || (config.ldap.passwordSignIn && config.ldap.url)) return;
  if (!mailer.configured) {
    log.warn({ accounts: users.length }, 'new accounts were not mailed an invitation (no mail server); the Administration page makes their set-password links');
    return;
  }
  for (const user of users) {
    const outcome = await invite(deps, user);
    if (!outcome.mailed) log.warn({ user: user.id }, 'invitation not mailed; the Administration page makes a new link');
  }
}

/** Password resets asked for (by accounts that exist) that no mail could carry, newest first, one per account. */
export async function unsentResets(db: Db): Promise<MailStatusView['unsentResets']> {
  const since = new Date(Date.now() - UNSENT_RESET_HOURS * 3_600_000).toISOString();
  const rows = await db
    .selectFrom('audit_log')
    .innerJoin('users', 'users.email', 'audit_log.target')
    .select(['users.id as userId', 'users.email', 'users.name', 'audit_log.at'])
    .where('audit_log.action', '=', UNSENT_RESET)
    .where('audit_log.at', '>', since)
    .where('users.status', '=', 'active')
    .orderBy('audit_log.id', 'desc')
    .execute();
  return rows.filter((row, i) => rows.findIndex((r) => r.userId === row.userId) === i);
}

/**
 * An administrator may make a set-password link for an account that has none yet (an invitation)
 * or whose owner asked for one that could not be mailed; never to take over an account that did
 * not ask. Directory accounts that sign in with the directory's password need none.
 */
export async function mayInvite(db: Db, config: Config, user: User): Promise<boolean> {
  if (user.status !== 'active') return false;
  if (user.ldap_dn && config.ldap.passwordSignIn && config.ldap.url) return false;
  if (!user.password_hash) return true;
  return (await unsentResets(db)).some((r) => r.userId === user.id);
}
