import type { Command } from 'commander';
import { readAudit } from '../audit/audit.ts';
import { accessReport } from '../audit/access-report.ts';
import { readDirectory } from '../ldap/client.ts';
import { CliError, print, table } from './output.ts';
import type { OpenContext } from './users.ts';

/** Exit status of `audit accounts` when the policy is broken, so cron and CI notice. */
const POLICY_BROKEN = 2;

export function auditCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const audit = program.command('audit').description('The audit log and the access audit');

  audit
    .command('log')
    .description('The newest audit log entries')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('bad-request', 'limit: a positive whole number');
      const { db } = await context();
      const { entries } = await readAudit(db, { limit });
      await db.destroy();
      print(Boolean(opts.json), entries, () =>
        table(entries.map((e) => ({ ...e, details: e.details ? JSON.stringify(e.details) : '' })), ['at', 'actor', 'action', 'target', 'origin', 'details']),
      );
    });

  audit
    .command('accounts')
    .description(`Report admins, look-alike names, stale and orphaned accounts; exits ${POLICY_BROKEN} when the policy is broken`)
    .option('--ldap', 'also compare the accounts with the directory (MOOT_LDAP_*)')
    .option('--json', 'print JSON')
    .action(async (opts: { ldap?: boolean; json?: boolean }) => {
      const { db, config } = await context();
      try {
        const directory = opts.ldap ? await readDirectory(config.ldap) : undefined;
        const report = await accessReport(db, config.accounts, directory);
        print(Boolean(opts.json), report, () =>
          [
            section('Administrators', table(report.admins, ['email', 'name', 'inAdminGroup'])),
            section('Look-alike names', report.lookAlikes.map((g) => g.accounts.map((a) => `${a.email} (${a.name})`).join('  ~  ')).join('\n') || '(none)'),
            ...(directory
              ? [
                  section('Accounts not in the directory', table(report.notInDirectory, ['email', 'name'])),
                  section('Directory people without an account', table(report.directoryWithoutAccount, ['uid', 'email', 'dn'])),
                ]
              : []),
            section('Suspended accounts owning rooms', table(report.suspendedOwners, ['email', 'rooms', 'recordings'])),
            section(`Unused for ${config.accounts.unusedDays} days`, table(report.unused, ['email', 'lastSignIn'])),
            section(`Passwords older than ${config.accounts.passwordMaxAgeDays} days`, table(report.stalePasswords, ['email', 'passwordChangedAt'])),
            section('Policy', report.violations.length ? report.violations.map((v) => `BROKEN: ${v}`).join('\n') : 'held'),
          ].join('\n\n'),
        );
        if (report.violations.length) process.exitCode = POLICY_BROKEN;
      } finally {
        await db.destroy();
      }
    });
}

const section = (title: string, body: string) => `== ${title}\n${body}`;
