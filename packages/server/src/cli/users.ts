import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { DisplayName, Email, Password } from '@moot/protocol';
import { EmailTakenError, createUser, listUsers } from '../accounts/accounts.ts';
import { audit } from '../audit/audit.ts';
import { randomSecret } from '../ids.ts';
import type { openContext } from '../context.ts';
import { organizationsByUser } from '../orgs/members.ts';
import { operatorOrganization } from '../orgs/orgs.ts';
import { CliError, print, readStdin, table } from './output.ts';
import { organizationBySlug } from './orgs.ts';

export type OpenContext = typeof openContext;

export const cliActor = () => `cli:${userInfo().username}`;

export function valid<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError('bad-request', `${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

export function userCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const user = program.command('user').description('Accounts');

  user
    .command('add <email>')
    .description("Create an account (a member unless --admin) in an organization (the operator's own unless --org); prints a generated password unless one comes on stdin")
    .requiredOption('--name <name>', 'display name')
    .option('--org <slug>', "the organization it belongs to (default: the operator's own)")
    .option('--org-admin', 'make this account an administrator of that organization')
    .option('--admin', 'make this account an operator (administrator of the whole server)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (emailArg: string, opts: { name: string; org?: string; orgAdmin?: boolean; admin?: boolean; passwordStdin?: boolean; json?: boolean }) => {
      const email = valid(Email, emailArg, 'email');
      const name = valid(DisplayName, opts.name, 'name');
      const generated = opts.passwordStdin ? undefined : randomSecret().slice(0, 20);
      const password = valid(Password, generated ?? (await readStdin()), 'password');
      const { db } = await context();
      try {
        const org = opts.org === undefined ? await operatorOrganization(db) : await organizationBySlug(db, opts.org);
        const orgAdmin = Boolean(opts.orgAdmin);
        const created = await createUser(db, { email, name, role: opts.admin ? 'admin' : 'member', password, organizationId: org.id, orgAdmin });
        await audit(db, { actor: cliActor(), action: 'user.create', target: email, origin: 'cli', details: { role: created.role, organization: org.slug, orgAdmin } });
        const out = { id: created.id, email: created.email, name: created.name, role: created.role, organization: org.slug, orgAdmin, ...(generated ? { password: generated } : {}) };
        print(Boolean(opts.json), out, () => `Created ${created.role} ${email}${generated ? `\nPassword: ${generated}` : ''}`);
      } catch (err) {
        if (err instanceof EmailTakenError) throw new CliError('email-taken', email);
        throw err;
      } finally {
        await db.destroy();
      }
    });

  user
    .command('list')
    .description('List accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db } = await context();
      const organizations = await organizationsByUser(db);
      const users = (await listUsers(db)).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, status: u.status, organizations: organizations.get(u.id) ?? [] }));
      await db.destroy();
      print(Boolean(opts.json), users, () => table(users.map((u) => ({ ...u, organizations: u.organizations.join(' ') })), ['email', 'name', 'role', 'status', 'organizations']));
    });
}
