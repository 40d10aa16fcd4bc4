import { Argument, type Command } from 'commander';
import { OrgLdapInput } from '@moot/protocol';
import { audit } from '../audit/audit.ts';
import { DirectorySettingsError, directoryView, organizationDirectories, setOrganizationDirectory } from '../orgs/ldap.ts';
import { CliError, print } from './output.ts';
import { settingsInput } from './org-identity.ts';
import { organizationBySlug } from './orgs.ts';
import { cliActor, type OpenContext } from './users.ts';

interface Options {
  settingsFile?: string;
  json?: boolean;
}

/** `moot org ldap <slug> set|show|remove`: an organization's own directory, as its admins set it on its pages. */
export function orgLdapCommands(org: Command, context: () => ReturnType<OpenContext>): void {
  org
    .command('ldap')
    .description("An organization's own LDAP directory (moot ldap sync --org <slug> syncs it)")
    .argument('<slug>', 'the organization')
    .addArgument(new Argument('<action>', 'set (settings JSON on standard input or --settings-file), show or remove').choices(['set', 'show', 'remove']))
    .option('--settings-file <path>', 'set: read the settings from this file instead of standard input')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, action: 'set' | 'show' | 'remove', opts: Options) => {
      const input = action === 'set' ? await settingsInput(OrgLdapInput, opts) : undefined;
      const { db, config } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        const { directories, guard } = organizationDirectories(db, config);
        const who = { actor: cliActor(), origin: 'cli', organizationId: found.id };
        if (input) {
          // The operator's setting is trusted: a directory on the operator's own network is theirs to name.
          const view = await setOrganizationDirectory(directories, guard, found, input, { guarded: false }).catch((err: unknown) => {
            throw err instanceof DirectorySettingsError ? new CliError('bad-request', err.message) : err;
          });
          await audit(db, { ...who, action: 'org.ldap-set', target: input.url, details: { passwordChanged: input.bindPassword !== undefined } });
          print(Boolean(opts.json), view, () => `Set the directory of ${found.slug}: ${view.url} ${view.baseDn}`);
        } else if (action === 'show') {
          const stored = await directories.get(found.id);
          if (!stored) throw new CliError('not-found', `${found.slug} has no directory`);
          const view = directoryView(stored);
          print(Boolean(opts.json), view, () => Object.entries(view).map(([k, v]) => `${k}: ${String(v ?? '')}`).join('\n'));
        } else {
          if (!(await directories.remove(found.id))) throw new CliError('not-found', `${found.slug} has no directory`);
          await audit(db, { ...who, action: 'org.ldap-remove', target: found.slug });
          print(Boolean(opts.json), { slug: found.slug, removed: true }, () => `Removed the directory of ${found.slug}; its members stay`);
        }
      } finally {
        await db.destroy();
      }
    });
}
