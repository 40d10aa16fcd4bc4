import type { Command } from 'commander';
import { readDirectory } from '../ldap/client.ts';
import { readLdifFile } from '../ldap/import.ts';
import type { DirectoryAccess, DirectorySnapshot } from '../ldap/directory.ts';
import { applySync, planSync } from '../ldap/sync.ts';
import { applyOrgSync, planOrgSync } from '../ldap/org-sync.ts';
import { inviteNewAccounts } from '../accounts/invitations.ts';
import type { User } from '../accounts/accounts.ts';
import { createMailer } from '../mail/mailer.ts';
import { directoryAccess, organizationDirectories } from '../orgs/ldap.ts';
import type { Db } from '../store/db.ts';
import type { Config } from '../config.ts';
import type { OnProgress } from '../backup/progress.ts';
import { CliError, print, table } from './output.ts';
import { cliProgress } from './progress.ts';
import { organizationBySlug } from './orgs.ts';
import { cliActor, type OpenContext } from './users.ts';

interface SyncOptions {
  dryRun?: boolean;
  json?: boolean;
  org?: string;
}

interface Plan {
  source: string;
  changes: { action: string; email: string; uid: string; detail: string }[];
  summary: Record<string, number>;
}

/** A directory to sync with and how: the configuration's (the operator's organization) or an organization's own. */
interface Target {
  access: DirectoryAccess;
  plan(snapshot: DirectorySnapshot): Promise<Plan>;
  apply(plan: Plan, who: { actor: string; origin: string }, onProgress: OnProgress): Promise<User[]>;
}

async function targetFor(db: Db, config: Config, slug: string | undefined): Promise<Target> {
  const org = slug === undefined ? undefined : await organizationBySlug(db, slug);
  if (!org || org.operator === 1) {
    return { access: config.ldap, plan: (s) => planSync(db, s), apply: (p, who, progress) => applySync(db, p as Awaited<ReturnType<typeof planSync>>, who, progress) };
  }
  const { directories, guard } = organizationDirectories(db, config);
  const stored = await directories.get(org.id);
  if (!stored) throw new CliError('not-found', `${org.slug} has no directory (moot org ldap ${org.slug} set)`);
  return {
    access: directoryAccess(stored, guard),
    plan: (s) => planOrgSync(db, org, s),
    apply: (p, who, progress) => applyOrgSync(db, org, p as Awaited<ReturnType<typeof planOrgSync>>, who, progress),
  };
}

export function ldapCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const ldap = program.command('ldap').description('Accounts from the LDAP directory');

  ldap
    .command('sync')
    .description("Create, update and suspend accounts to follow the directory (MOOT_LDAP_*, or the organization's own with --org)")
    .option('--org <slug>', "an organization's own directory: its members follow it")
    .option('--dry-run', 'print what would change, change nothing')
    .option('--json', 'print JSON')
    .action(async (opts: SyncOptions) => run(context, opts, (access) => readDirectory(access)));

  ldap
    .command('import <file>')
    .description('The same as sync, from an LDIF dump (with operational attributes) instead of a live directory')
    .option('--org <slug>', "select with the organization's own directory settings; its members follow the dump")
    .option('--dry-run', 'print what would change, change nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: SyncOptions) => run(context, opts, async (access) => readLdifFile(file, access)));
}

async function run(context: () => ReturnType<OpenContext>, opts: SyncOptions, read: (access: DirectoryAccess) => Promise<DirectorySnapshot>): Promise<void> {
  const { db, config, log } = await context();
  try {
    const target = await targetFor(db, config, opts.org);
    const snapshot = await read(target.access);
    const plan = await target.plan(snapshot);
    const mailer = createMailer(config.smtp, log);
    if (!opts.dryRun) {
      const progress = cliProgress('Syncing accounts', 'items', undefined, { json: opts.json });
      const created = await target.apply(plan, { actor: cliActor(), origin: 'cli' }, progress.update).finally(progress.finish);
      // Without a mail server the Administration page makes the new accounts' links, as it says.
      // Whether they need one at all depends on the directory they came from.
      if (mailer.configured) await inviteNewAccounts({ db, config: { ...config, ldap: target.access }, mailer, log }, created);
    }
    const out = { dryRun: Boolean(opts.dryRun), ...plan, incomplete: snapshot.incomplete };
    print(Boolean(opts.json), out, () =>
      [
        opts.dryRun ? `Dry run against ${plan.source}: nothing was changed.` : `Synced with ${plan.source}.`,
        table(plan.changes.map((c) => ({ ...c })), ['action', 'email', 'uid', 'detail']),
        Object.entries(plan.summary).map(([k, n]) => `${k}: ${n}`).join(', '),
        ...(snapshot.incomplete.length ? [`Entries without uid or mail (no account possible): ${snapshot.incomplete.join('; ')}`] : []),
      ].join('\n'),
    );
  } finally {
    await db.destroy();
  }
}
