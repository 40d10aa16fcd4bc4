import type { Command } from 'commander';
import { readDirectory } from '../ldap/client.ts';
import { readLdifFile } from '../ldap/import.ts';
import type { DirectorySnapshot } from '../ldap/directory.ts';
import { applySync, planSync } from '../ldap/sync.ts';
import { inviteNewAccounts } from '../accounts/invitations.ts';
import { createMailer } from '../mail/mailer.ts';
import { print, table } from './output.ts';
import { cliProgress } from './progress.ts';
import { cliActor, type OpenContext } from './users.ts';

interface SyncOptions {
  dryRun?: boolean;
  json?: boolean;
}

export function ldapCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const ldap = program.command('ldap').description('Accounts from the LDAP directory');

  ldap
    .command('sync')
    .description('Create, update and suspend accounts to follow the directory (MOOT_LDAP_*)')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--json', 'print JSON')
    .action(async (opts: SyncOptions) => run(context, opts, (config) => readDirectory(config.ldap)));

  ldap
    .command('import <file>')
    .description('The same as sync, from an LDIF dump (with operational attributes) instead of a live directory')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: SyncOptions) => run(context, opts, async (config) => readLdifFile(file, config.ldap)));
}

async function run(
  context: () => ReturnType<OpenContext>,
  opts: SyncOptions,
  read: (config: Awaited<ReturnType<OpenContext>>['config']) => Promise<DirectorySnapshot>,
): Promise<void> {
  const { db, config, log } = await context();
  try {
    const snapshot = await read(config);
    const plan = await planSync(db, snapshot);
    const mailer = createMailer(config.smtp, log);
    if (!opts.dryRun) {
      const progress = cliProgress('Syncing accounts', 'items', undefined, { json: opts.json });
      const created = await applySync(db, plan, { actor: cliActor(), origin: 'cli' }, progress.update).finally(progress.finish);
      // Without a mail server the Administration page makes the new accounts' links, as it says.
      if (mailer.configured) await inviteNewAccounts({ db, config, mailer, log }, created);
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
