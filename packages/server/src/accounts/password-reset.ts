import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailTemplates } from '../mail/templates.ts';
import { accountRoutes } from '@moot/protocol';
import { findUserByEmail } from './accounts.ts';
import { issueReset, resetsSince } from './resets.ts';
import { audit } from '../audit/audit.ts';
import { UNSENT_RESET } from './invitations.ts';

export interface ResetDeps {
  db: Db;
  config: Config;
  mailer: Mailer;
  log: Logger;
}

/**
 * Mails a reset link when the address belongs to an active account that has not had too many
 * this hour. The caller answers the same in every case, and the mail goes out after the answer,
 * so neither the words nor the time of the answer tell whether the address has an account. The
 * mail is in `language`, the one the person's browser asked in.
 */
export async function requestReset({ db, config, mailer, log }: ResetDeps, email: string, origin: string, language: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user || user.status !== 'active') return;
  if (!mailer.configured) {
    // No link is made: the administrators see the request and can make one to pass on.
    await audit(db, { actor: user.email, action: UNSENT_RESET, target: user.email, origin });
    return;
  }
  if ((await resetsSince(db, user.id, new Date(Date.now() - 3_600_000))) >= config.accounts.resetsPerHour) {
    log.info({ user: user.id }, 'password reset limit reached for this address; no mail sent');
    return;
  }
  const minutes = config.accounts.resetLinkMinutes;
  const token = await issueReset(db, user.id, minutes);
  // The token rides in the fragment: browsers send neither it nor the page's path to other sites.
  const link = `${config.http.publicUrl}${accountRoutes.resetCompletePage}#${token}`;
  const mail = mailTemplates(language).reset({ name: user.name, link, minutes, serverUrl: config.http.publicUrl });
  mailer.send(user.email, mail).catch((err: Error) => log.error({ err: err.message, user: user.id }, 'could not send the reset mail'));
}
