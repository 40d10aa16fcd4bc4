import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OrgSsoProviderInput, OrgSsoProviderParams } from '@moot/protocol';
import { audit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { OrganizationProviders, ProviderSettingsError, providerSecrets, providerView, setOrganizationProvider } from '../orgs/identity.ts';
import { SsoDirectory } from '../sso/directory.ts';
import type { Db } from '../store/db.ts';
import { CliError, print, readStdin, table } from './output.ts';
import { organizationBySlug } from './orgs.ts';
import { cliActor, valid, type OpenContext } from './users.ts';

function identity(db: Db, config: Config) {
  const stored = new OrganizationProviders(db, providerSecrets(config));
  return { stored, directory: new SsoDirectory(db, config, stored) };
}

/** Settings JSON, from a file or standard input (a secret in it stays out of `ps`), checked by `schema`. */
export async function settingsInput<T>(schema: Parameters<typeof valid<T>>[0], opts: { settingsFile?: string }): Promise<T> {
  let text: string;
  try {
    text = opts.settingsFile ? readFileSync(opts.settingsFile, 'utf8') : await readStdin();
  } catch {
    throw new CliError('bad-request', `cannot read ${opts.settingsFile}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError('bad-request', 'the settings are not JSON');
  }
  return valid(schema, json, 'settings');
}

/** `moot org sso …`: an organization's own identity providers, as its admins set them on its pages. */
export function orgSsoCommands(org: Command, context: () => ReturnType<OpenContext>): void {
  const sso = org.command('sso').description("An organization's own single sign-on providers (OpenID Connect, SAML)");

  sso
    .command('list <slug>')
    .description("List the organization's providers, without secrets, with the addresses to register at each")
    .option('--json', 'print JSON')
    .action(async (slugArg: string, opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        const { stored, directory } = identity(db, config);
        const views = (await stored.list(found.id)).map((p) => providerView(p.settings, directory.baseUrl(found)));
        print(Boolean(opts.json), views, () => table(views.map((v) => ({ id: v.id, kind: v.kind, name: v.name, adminGroup: v.adminGroup ?? '' })), ['id', 'kind', 'name', 'adminGroup']));
      } finally {
        await db.destroy();
      }
    });

  sso
    .command('set <slug> <provider>')
    .description('Add or replace a provider from settings JSON (on standard input, or --settings-file): {"kind":"oidc","name","issuer","clientId","clientSecret",…} or {"kind":"saml","name","entryPoint","idpEntityId","idpCert",…}')
    .option('--settings-file <path>', 'read the settings from this file instead of standard input')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, providerArg: string, opts: { settingsFile?: string; json?: boolean }) => {
      const { provider } = valid(OrgSsoProviderParams, { provider: providerArg }, 'provider');
      const input = await settingsInput(OrgSsoProviderInput, opts);
      const { db, config } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        const { stored, directory } = identity(db, config);
        const view = await setOrganizationProvider(directory, stored, found, provider, input, { guarded: false }).catch((err: unknown) => {
          throw err instanceof ProviderSettingsError ? new CliError('bad-request', err.message) : err;
        });
        await audit(db, { actor: cliActor(), action: 'org.sso-set', target: provider, origin: 'cli', organizationId: found.id, details: { kind: input.kind } });
        print(Boolean(opts.json), view, () => `Set ${input.kind} provider ${provider} of ${found.slug}`);
      } finally {
        await db.destroy();
      }
    });

  sso
    .command('remove <slug> <provider>')
    .description('Remove a provider; accounts linked through it stay, and sign in otherwise')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, provider: string, opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        if (!(await identity(db, config).stored.remove(found.id, provider))) throw new CliError('not-found', `no provider ${provider} in ${found.slug}`);
        await audit(db, { actor: cliActor(), action: 'org.sso-remove', target: provider, origin: 'cli', organizationId: found.id });
        print(Boolean(opts.json), { slug: found.slug, removed: provider }, () => `Removed provider ${provider} of ${found.slug}`);
      } finally {
        await db.destroy();
      }
    });
}
