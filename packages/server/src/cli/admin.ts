import type { Command } from 'commander';
import { Email } from '@moot/protocol';
import { findUserByEmail, listUsers, type User } from '../accounts/accounts.ts';
import { setRole } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../store/db.ts';
import { CliError, print, table } from './output.ts';
import { cliActor, valid, type OpenContext } from './users.ts';

/** Administrators are made and unmade here, on the server's machine, never from the web. */
export function adminCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const admin = program.command('admin').description('Administrators');

  admin
    .command('list')
    .description('List administrators')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db } = await context();
      const admins = (await listUsers(db))
        .filter((u) => u.role === 'admin')
        .map((u) => ({ email: u.email, name: u.name, status: u.status, ldapUid: u.ldap_uid, lastSignIn: u.last_login_at }));
      await db.destroy();
      print(Boolean(opts.json), admins, () => table(admins, ['email', 'name', 'status', 'ldapUid', 'lastSignIn']));
    });

  for (const [name, role, description] of [
    ['grant', 'admin', 'Make an account an administrator'],
    ['revoke', 'member', 'Make an administrator a member'],
  ] as const) {
    admin
      .command(`${name} <email>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (emailArg: string, opts: { json?: boolean }) => {
        const { db } = await context();
        try {
          const user = await existing(db, valid(Email, emailArg, 'email'));
          const changed = await changeRole(db, user, role);
          print(Boolean(opts.json), { email: user.email, role, changed }, () => `${user.email}: ${role}${changed ? '' : ' (unchanged)'}`);
        } finally {
          await db.destroy();
        }
      });
  }

  admin
    .command('downgrade-all')
    .description('Make every administrator a member, except the accounts given')
    .requiredOption('--except <emails...>', 'administrators to keep (at least one)')
    .option('--json', 'print JSON')
    .action(async (opts: { except: string[]; json?: boolean }) => {
      const keep = opts.except.map((e) => valid(Email, e, 'email'));
      const { db } = await context();
      try {
        // Refuse before changing anything: a typo must not leave the server without administrators.
        for (const email of keep) {
          const user = await existing(db, email);
          if (user.role !== 'admin' || user.status !== 'active') throw new CliError('bad-request', `${email} is not an active administrator`);
        }
        const downgraded: string[] = [];
        for (const user of await listUsers(db)) {
          if (user.role === 'admin' && !keep.includes(user.email) && (await changeRole(db, user, 'member'))) downgraded.push(user.email);
        }
        print(Boolean(opts.json), { kept: keep, downgraded }, () => `Kept: ${keep.join(', ')}\nNow members: ${downgraded.join(', ') || '(none)'}`);
      } finally {
        await db.destroy();
      }
    });
}

async function existing(db: Db, email: string): Promise<User> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new CliError('not-found', `no account ${email}`);
  return user;
}

async function changeRole(db: Db, user: User, role: 'admin' | 'member'): Promise<boolean> {
  if (user.role === role) return false;
  await setRole(db, user.id, role);
  await audit(db, { actor: cliActor(), action: role === 'admin' ? 'role.grant-admin' : 'role.revoke-admin', target: user.email, origin: 'cli' });
  return true;
}
