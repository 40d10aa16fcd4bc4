import { readFileSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { Email } from '@moot/protocol';
import { findUserByEmail } from '../accounts/accounts.ts';
import { audit } from '../audit/audit.ts';
import { addMember, membershipIn, removeMember } from '../orgs/members.ts';
import { OrgDomain, OrgName, OrgSlug, Quota } from '../orgs/names.ts';
import {
  createOrganization,
  deleteOrganization,
  DomainTakenError,
  findOrganizationBySlug,
  listOrganizations,
  SlugTakenError,
  updateOrganization,
  type Organization,
  type OrganizationPatch,
} from '../orgs/orgs.ts';
import { storedUsage } from '../orgs/usage.ts';
import { ORGANIZATION_CHECK_MS } from '../orgs/suspension.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { organizationKeys } from '../recordings/service.ts';
import { SlideFiles } from '../slides/files.ts';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { applyOrganizationSettings, hasOrganizationSettings, organizationSettingOptions, type OrganizationSettingOptions } from './org-settings.ts';
import { organizationSummary } from '../orgs/overview.ts';
import { organizationSettings } from '../orgs/settings.ts';
import { orgSsoCommands } from './org-identity.ts';
import { orgLdapCommands } from './org-ldap.ts';
import { CliError, print, table } from './output.ts';
import { cliActor, valid, type OpenContext } from './users.ts';

/** What the operator sees of an organization: its settings and counts, never its members or content. */
async function orgView(db: Db, org: Organization) {
  return {
    id: org.id,
    ...organizationSummary(org),
    usage: await storedUsage(db, org.id),
    settings: await organizationSettings(db, org.id),
    createdAt: org.created_at,
  };
}

/** Makes the key file the organization gave its recordings key (copied beside the others), before its first recording. */
async function adoptRecordingsKey(db: Db, config: Config, org: Organization, file: string): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError('bad-request', `cannot read ${file}`);
  }
  try {
    const { keyId } = await organizationKeys(config, db).adopt(org, text, file);
    await audit(db, { actor: cliActor(), action: 'org.recordings-key', target: org.slug, origin: 'cli', details: { keyId } });
  } catch (err) {
    throw new CliError('bad-request', (err as Error).message);
  }
}

const quotaText = (n: number | null) => (n === null ? 'unlimited' : String(n));

/** The organization named by its slug, or the CLI's not-found answer. */
export async function organizationBySlug(db: Db, given: string): Promise<Organization> {
  const org = await findOrganizationBySlug(db, valid(OrgSlug, given, 'organization'));
  if (!org) throw new CliError('not-found', `no organization ${given}`);
  return org;
}

function refusingTaken<T>(write: () => Promise<T>): Promise<T> {
  return write().catch((err: unknown) => {
    if (err instanceof SlugTakenError) throw new CliError('bad-request', `the slug ${err.message} is taken`);
    if (err instanceof DomainTakenError) throw new CliError('bad-request', `the domain ${err.message} is another organization's`);
    throw err;
  });
}

export function orgCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const org = program.command('org').description('Organizations hosted by this server');
  orgSsoCommands(org, context);
  orgLdapCommands(org, context);

  org
    .command('add <slug>')
    .description('Create an organization; its people reach it at /o/<slug>/ or at its own domain')
    .requiredOption('--name <name>', 'its name')
    .option('--domain <host>', 'a host name of its own (the reverse proxy must send it here)')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, opts: { name: string; domain?: string; json?: boolean }) => {
      const slug = valid(OrgSlug, slugArg, 'slug');
      const name = valid(OrgName, opts.name, 'name');
      const domain = opts.domain === undefined ? undefined : valid(OrgDomain, opts.domain, 'domain');
      const { db } = await context();
      try {
        const created = await refusingTaken(() => createOrganization(db, { slug, name, ...(domain ? { domain } : {}) }));
        await audit(db, { actor: cliActor(), action: 'org.create', target: slug, origin: 'cli', details: { name, domain: domain ?? null } });
        const view = await orgView(db, created);
        print(Boolean(opts.json), view, () => `Created organization ${slug}${domain ? ` at ${domain}` : ''}`);
      } finally {
        await db.destroy();
      }
    });

  org
    .command('list')
    .description('List organizations with their quotas and usage')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db } = await context();
      try {
        const views = await Promise.all((await listOrganizations(db)).map((o) => orgView(db, o)));
        print(Boolean(opts.json), views, () =>
          table(
            views.map((v) => ({ slug: v.slug, name: v.name, domain: v.domain ?? '', members: v.usage.members, rooms: v.usage.rooms, state: v.suspended ? 'suspended' : 'active' })),
            ['slug', 'name', 'domain', 'members', 'rooms', 'state'],
          ),
        );
      } finally {
        await db.destroy();
      }
    });

  org
    .command('show <slug>')
    .description('Show one organization: settings, quotas and usage')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, opts: { json?: boolean }) => {
      const { db } = await context();
      try {
        const view = await orgView(db, await organizationBySlug(db, slugArg));
        print(Boolean(opts.json), view, () =>
          [
            `${view.name} (${view.slug})${view.operator ? ", the operator's own" : ''}${view.suspended ? ', suspended' : ''}`,
            `Domain: ${view.domain ?? 'none'}`,
            `Rooms: ${view.usage.rooms} of ${quotaText(view.quotas.rooms)}; members: ${view.usage.members}`,
            `Simultaneous participants: ${quotaText(view.quotas.participants)}`,
            `Recordings: ${view.usage.recordingBytes} bytes of ${quotaText(view.quotas.recordingBytes)}`,
          ].join('\n'),
        );
      } finally {
        await db.destroy();
      }
    });

  organizationSettingOptions(org
    .command('set <slug>')
    .description("Change an organization: name, domain, quotas (a number or none), suspension, and what its admins set: policies and branding"))
    .option('--name <name>', 'its name')
    .option('--domain <host>', 'a host name of its own')
    .option('--no-domain', 'reach it only at /o/<slug>/')
    .option('--max-rooms <n>', 'rooms it may have, or none')
    .option('--max-participants <n>', 'people in its meetings at once, or none')
    .option('--max-recording-bytes <n>', 'bytes its recordings may take, or none')
    .option('--suspended <yes|no>', 'a suspended organization holds no meetings')
    .option('--recordings-key-file <path>', 'a recordings key the organization supplies (a moot recordings key file), copied in; only before its first recording')
    .option('--json', 'print JSON')
    .action(
      async (
        slugArg: string,
        opts: { name?: string; domain?: string | false; maxRooms?: string; maxParticipants?: string; maxRecordingBytes?: string; suspended?: string; recordingsKeyFile?: string; json?: boolean } & OrganizationSettingOptions,
      ) => {
        const patch: OrganizationPatch = {
          ...(opts.name !== undefined ? { name: valid(OrgName, opts.name, 'name') } : {}),
          ...(opts.domain === false ? { domain: null } : opts.domain !== undefined ? { domain: valid(OrgDomain, opts.domain, 'domain') } : {}),
          ...(opts.maxRooms !== undefined ? { maxRooms: valid(Quota, opts.maxRooms, 'max rooms') } : {}),
          ...(opts.maxParticipants !== undefined ? { maxParticipants: valid(Quota, opts.maxParticipants, 'max participants') } : {}),
          ...(opts.maxRecordingBytes !== undefined ? { maxRecordingBytes: valid(Quota, opts.maxRecordingBytes, 'max recording bytes') } : {}),
        };
        if (opts.suspended !== undefined) {
          if (opts.suspended !== 'yes' && opts.suspended !== 'no') throw new CliError('bad-request', 'suspended: yes or no');
          patch.suspended = opts.suspended === 'yes';
        }
        if (Object.keys(patch).length === 0 && opts.recordingsKeyFile === undefined && !hasOrganizationSettings(opts)) {
          throw new CliError('bad-request', 'nothing to change: give --name, --domain, --no-domain, a quota, --suspended, --recordings-key-file, a policy or branding');
        }
        const { db, config } = await context();
        try {
          const found = await organizationBySlug(db, slugArg);
          if (found.operator === 1 && patch.suspended) throw new CliError('bad-request', "the operator's own organization cannot be suspended");
          if (opts.recordingsKeyFile !== undefined) await adoptRecordingsKey(db, config, found, opts.recordingsKeyFile);
          await applyOrganizationSettings(db, config, found, opts);
          const updated = Object.keys(patch).length ? await refusingTaken(() => updateOrganization(db, found, patch)) : found;
          if (Object.keys(patch).length) await audit(db, { actor: cliActor(), action: 'org.update', target: found.slug, origin: 'cli', details: { ...patch }, organizationId: found.id });
          const view = await orgView(db, updated);
          print(Boolean(opts.json), view, () => `Updated organization ${found.slug}`);
        } finally {
          await db.destroy();
        }
      },
    );

  org
    .command('add-member <slug> <email>')
    .description('Add an existing account to an organization, or change whether it administers it')
    .option('--org-admin', 'make it an administrator of that organization')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, emailArg: string, opts: { orgAdmin?: boolean; json?: boolean }) => {
      const email = valid(Email, emailArg, 'email');
      const { db } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        const user = await findUserByEmail(db, email);
        if (!user) throw new CliError('not-found', `no account ${email}`);
        const orgAdmin = Boolean(opts.orgAdmin);
        await addMember(db, found.id, user.id, orgAdmin);
        await audit(db, { actor: cliActor(), action: 'org.member-add', target: found.slug, origin: 'cli', details: { email, orgAdmin }, organizationId: found.id });
        print(Boolean(opts.json), { organization: found.slug, email, orgAdmin }, () => `${email} is a${orgAdmin ? 'n admin' : ' member'} of ${found.slug}`);
      } finally {
        await db.destroy();
      }
    });

  org
    .command('remove-member <slug> <email>')
    .description('Take an account out of an organization (refused while it owns rooms there)')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, emailArg: string, opts: { json?: boolean }) => {
      const email = valid(Email, emailArg, 'email');
      const { db } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        const user = await findUserByEmail(db, email);
        if (!user || !(await membershipIn(db, found.id, user.id))) throw new CliError('not-found', `${email} is not a member of ${found.slug}`);
        const owned = await db.selectFrom('rooms').select('id').where('organization_id', '=', found.id).where('owner_id', '=', user.id).execute();
        if (owned.length) throw new CliError('bad-request', `${email} owns ${owned.length} room(s) of ${found.slug}: delete or transfer them first`);
        await removeMember(db, found.id, user.id);
        await audit(db, { actor: cliActor(), action: 'org.member-remove', target: found.slug, origin: 'cli', details: { email }, organizationId: found.id });
        print(Boolean(opts.json), { organization: found.slug, email, removed: true }, () => `${email} left ${found.slug}`);
      } finally {
        await db.destroy();
      }
    });

  org
    .command('delete <slug>')
    .description('Delete an organization with its rooms and their recordings; its accounts stay')
    .option('--json', 'print JSON')
    .action(async (slugArg: string, opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const found = await organizationBySlug(db, slugArg);
        if (found.operator === 1) throw new CliError('bad-request', "the operator's own organization cannot be deleted");
        // Suspended first, so the server ends its live meetings (and their recordings) while their rooms still exist.
        await updateOrganization(db, found, { suspended: true });
        await sleep(2 * ORGANIZATION_CHECK_MS + 500);
        const rooms = await deleteOrganization(db, found);
        const slides = new SlideFiles(config.data.dir);
        for (const room of rooms) await slides.removeRoom(room);
        // Its recordings' rows are gone; without the key, any copy of their files is noise too.
        rmSync(organizationKeys(config, db).file(found.id), { force: true });
        await audit(db, { actor: cliActor(), action: 'org.delete', target: found.slug, origin: 'cli', details: { rooms: rooms.length } });
        print(Boolean(opts.json), { slug: found.slug, deletedRooms: rooms.length }, () => `Deleted organization ${found.slug} and its ${rooms.length} room(s)`);
      } finally {
        await db.destroy();
      }
    });
}
