import type { Db } from '../store/db.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { readDirectory } from './client.ts';
import { applySync, planSync } from './sync.ts';
import { applyOrgSync, planOrgSync } from './org-sync.ts';
import { ldapSyncProgress } from './sync-progress.ts';
import { inviteNewAccounts } from '../accounts/invitations.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { ALWAYS, type Turn } from '../cluster/lease.ts';
import { directoryAccess, organizationDirectories } from '../orgs/ldap.ts';
import { findOrganizationById } from '../orgs/orgs.ts';

/** How often the server looks for organizations' directories due a sync; each has its own interval. */
const ORGANIZATION_TICK_MS = 10_000;

interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  mailer: Mailer;
  turn: Turn;
}

/**
 * The server's periodic syncs: the configuration's directory (the operator's organization) and
 * each organization's own, every one at its interval (0: off). A run still going makes the next
 * wait its turn; of several server processes, only the one holding `turn` syncs. Returns the
 * function that stops them.
 */
export function scheduleLdapSync(db: Db, config: Config, log: Logger, turn: Turn = ALWAYS): () => void {
  const deps = { db, config, log, turn, mailer: createMailer(config.smtp, log.child({ part: 'mail' })) };
  const stops = [scheduleOperatorSync(deps), scheduleOrganizationSyncs(deps)];
  return () => stops.forEach((stop) => stop());
}

function scheduleOperatorSync({ db, config, log, mailer, turn }: Deps): () => void {
  const minutes = config.ldap.syncIntervalMinutes;
  if (!config.ldap.url || minutes === 0) return () => undefined;
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

/** Directories set while the server runs are found at the next tick; a removed one is no longer synced. */
function scheduleOrganizationSyncs({ db, config, log, mailer, turn }: Deps): () => void {
  const { directories, guard } = organizationDirectories(db, config);
  const lastRun = new Map<string, number>();
  let running = false;
  const syncOne = async (directory: Awaited<ReturnType<typeof directories.all>>[number]) => {
    const org = await findOrganizationById(db, directory.organizationId);
    if (!org) return;
    const access = directoryAccess(directory, guard);
    const plan = await planOrgSync(db, org, await readDirectory(access));
    const created = await applyOrgSync(db, org, plan, { actor: 'system', origin: 'ldap-sync' });
    await inviteNewAccounts({ db, config: { ...config, ldap: access }, mailer, log }, created);
    log.info({ organization: org.slug, summary: plan.summary }, 'LDAP sync of an organization done');
  };
  const tick = async () => {
    if (running || !turn.held) return;
    running = true;
    try {
      for (const directory of await directories.all()) {
        const every = directory.settings.syncIntervalMinutes * 60_000;
        const last = lastRun.get(directory.organizationId);
        if (every === 0 || (last !== undefined && Date.now() - last < every)) continue;
        lastRun.set(directory.organizationId, Date.now());
        // One organization's unreachable directory must not hold up the others'.
        await syncOne(directory).catch((err: unknown) => log.error({ organization: directory.organizationId, err: (err as Error).message }, 'LDAP sync of an organization failed'));
      }
    } catch (err) {
      log.error({ err: (err as Error).message }, 'LDAP sync of organizations failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), ORGANIZATION_TICK_MS);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
