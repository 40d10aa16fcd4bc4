import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AccentColor, LOGO_MAX_BYTES } from '@moot/protocol';
import { audit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { logoTypeOf } from '../orgs/logo.ts';
import type { Organization } from '../orgs/orgs.ts';
import { Quota } from '../orgs/names.ts';
import { retentionRefusal, setAccentColor, setLogo, setOrganizationPolicies, type OrganizationPolicies } from '../orgs/settings.ts';
import type { Db } from '../store/db.ts';
import { CliError } from './output.ts';
import { cliActor, valid } from './users.ts';

/** What `org set` changes of an organization's own settings, the ones its admins also change on the web. */
export interface OrganizationSettingOptions {
  color?: string;
  logo?: string | false;
  guests?: string;
  recordings?: string;
  retentionDays?: string;
}

export function organizationSettingOptions(command: Command): Command {
  return command
    .option('--color <#rrggbb>', 'the accent colour of its pages, or none')
    .option('--logo <file>', 'its logo: a PNG, JPEG or WebP file of at most 100 KB')
    .option('--no-logo', 'remove its logo')
    .option('--guests <yes|no>', 'guests may join its rooms that allow them')
    .option('--recordings <yes|no>', "its rooms' meetings may be recorded")
    .option('--retention-days <n>', "days its recordings are kept (at most the server's), or none");
}

export const hasOrganizationSettings = (opts: OrganizationSettingOptions) =>
  [opts.color, opts.logo, opts.guests, opts.recordings, opts.retentionDays].some((value) => value !== undefined);

function yesNo(value: string, what: string): boolean {
  if (value !== 'yes' && value !== 'no') throw new CliError('bad-request', `${what}: yes or no`);
  return value === 'yes';
}

async function readLogo(file: string) {
  const bytes = await readFile(file).catch((err: Error) => {
    throw new CliError('bad-request', `logo: ${err.message}`);
  });
  if (bytes.length > LOGO_MAX_BYTES) throw new CliError('bad-request', `logo: at most ${LOGO_MAX_BYTES / 1024} KB`);
  const type = logoTypeOf(bytes);
  if (!type) throw new CliError('bad-request', 'logo: a PNG, JPEG or WebP image');
  return { type, bytes };
}

/** Applies and audits the options given, as the organization's admins' routes do. */
export async function applyOrganizationSettings(db: Db, config: Config, org: Organization, opts: OrganizationSettingOptions): Promise<void> {
  const policies: Partial<OrganizationPolicies> = {
    ...(opts.guests !== undefined ? { guests: yesNo(opts.guests, 'guests') } : {}),
    ...(opts.recordings !== undefined ? { recordings: yesNo(opts.recordings, 'recordings') } : {}),
    ...(opts.retentionDays !== undefined ? { retentionDays: valid(Quota, opts.retentionDays, 'retention days') } : {}),
  };
  const refusal = policies.retentionDays === undefined ? undefined : retentionRefusal(policies.retentionDays, config.recordings.maxAgeDays);
  if (refusal) throw new CliError('bad-request', refusal);
  const color = opts.color === undefined ? undefined : opts.color === 'none' ? null : valid(AccentColor, opts.color, 'color');
  const logo = typeof opts.logo === 'string' ? await readLogo(opts.logo) : undefined;
  const who = { actor: cliActor(), origin: 'cli', target: org.slug, organizationId: org.id };
  if (Object.keys(policies).length) {
    await setOrganizationPolicies(db, org.id, policies);
    await audit(db, { ...who, action: 'org.policies', details: { ...policies } });
  }
  if (color !== undefined) {
    await setAccentColor(db, org.id, color);
    await audit(db, { ...who, action: 'org.branding', details: { color } });
  }
  if (opts.logo !== undefined) {
    await setLogo(db, org.id, logo ?? null);
    await audit(db, { ...who, action: 'org.logo', details: logo ? { type: logo.type, bytes: logo.bytes.length } : { removed: true } });
  }
}
