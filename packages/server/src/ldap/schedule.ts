import type { Db } from '../store/db.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { readDirectory } from './client.ts';
import { applySync, planSync } from './sync.ts';
import { ldapSyncProgress } from './sync-progress.ts';
import { inviteNewAccounts } from '../accounts/invitations.ts';
import { createMailer } from '../mail/mailer.ts';
import { ALWAYS, type Turn } from '../cluster/lease.ts';

/**
 * The server's periodic sync: once at start, then every `syncIntervalMinutes`; off without an
 * LDAP URL or with an interval of 0. A run that is still going makes the next one wait its turn;
 * of several server processes, only the one holding `turn` syncs. Returns the function that stops it.
 */
export function scheduleLdapSync(db: Db, config: Config, log: Logger, turn: Turn = ALWAYS): () => void {
  const minutes = config.ldap.syncIntervalMinutes;
  if (!config.ldap.url || minutes === 0) return () => undefined;
  const mailer = createMailer(config.smtp, log.child({ part: 'mail' }));
  let running = false;
  const run = async () => {
    if (running || !turn.held) return;
    running = true;
    ldapSyncProgress.reading();
    try {
      const plan = await planSync(db, await readDirectory(config.ldap));
      const created = await applySync(db, plan, { actor: 'system', origin: 'ldap-sync' }, ldapSyncProgress.applying);
      await inviteNewAccounts({ db, config, mailer, log }, created);
      ldapSyncProgress.finished();
      log.info({ summary: plan.summary }, 'LDAP sync done');
    } catch (err) {
      ldapSyncProgress.finished((err as Error).message);
      log.error({ err: (err as Error).message }, 'LDAP sync failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), minutes * 60_000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
