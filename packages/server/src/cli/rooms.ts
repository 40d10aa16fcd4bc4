import type { Command } from 'commander';
import { AccessCode, DisplayName, Email, GuestPolicy } from '@moot/protocol';
import { findUserByEmail } from '../accounts/accounts.ts';
import { audit } from '../audit/audit.ts';
import { roomModerators, setRoomModerators, UnknownAccountsError } from '../rooms/moderators.ts';
import { createRoom, findRoom, listRooms, roomView } from '../rooms/rooms.ts';
import { membershipIn } from '../orgs/members.ts';
import { findOrganizationById, listOrganizations, operatorOrganization } from '../orgs/orgs.ts';
import { organizationBaseUrl } from '../orgs/resolve.ts';
import { roomRefusal } from '../orgs/quotas.ts';
import { CliError, print, table } from './output.ts';
import { organizationBySlug } from './orgs.ts';
import { cliActor, valid, type OpenContext } from './users.ts';

/** A room given as its join URL (…/r/<id>) or its bare id. */
export const roomIdOf = (given: string) => /([A-Za-z0-9_-]{22})\/?$/.exec(given)?.[1] ?? given;

export function roomCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const room = program.command('room').description('Rooms');

  room
    .command('add')
    .description("Create a room for a member; prints the room's join URL")
    .requiredOption('--owner <email>', 'the owner (an existing account)')
    .requiredOption('--name <name>', 'room name')
    .option('--guests <policy>', 'off (members only), link, or code', 'off')
    .option('--access-code <code>', 'the code guests must give (with --guests code; made up when absent)')
    .option('--max-participants <n>', 'largest meeting size')
    .option('--org <slug>', "the organization it belongs to, one the owner is a member of (default: the operator's own)")
    .option('--json', 'print JSON')
    .action(async (opts: { owner: string; name: string; guests: string; accessCode?: string; maxParticipants?: string; org?: string; json?: boolean }) => {
      const ownerEmail = valid(Email, opts.owner, 'owner');
      const name = valid(DisplayName, opts.name, 'name');
      const guests = valid(GuestPolicy, opts.guests, 'guests');
      const accessCode = opts.accessCode === undefined ? undefined : valid(AccessCode, opts.accessCode, 'access code');
      const max = opts.maxParticipants === undefined ? undefined : Number(opts.maxParticipants);
      if (max !== undefined && (!Number.isInteger(max) || max < 2 || max > 500)) throw new CliError('bad-request', 'max participants: 2 to 500');
      const { db, config } = await context();
      try {
        const owner = await findUserByEmail(db, ownerEmail);
        if (!owner) throw new CliError('not-found', `no account ${ownerEmail}`);
        const org = opts.org === undefined ? await operatorOrganization(db) : await organizationBySlug(db, opts.org);
        if (!(await membershipIn(db, org.id, owner.id))) throw new CliError('bad-request', `${ownerEmail} is not a member of the organization ${org.slug}`);
        const refusal = await roomRefusal(db, org.id);
        if (refusal) throw new CliError(refusal, org.slug);
        const input = { name, guests, organizationId: org.id, ...(accessCode ? { accessCode } : {}), ...(max ? { maxParticipants: max } : {}) };
        const created = await createRoom(db, owner.id, input, config.meeting.defaultMaxParticipants);
        const view = { ...roomView({ ...created, owner_name: owner.name }, organizationBaseUrl(config.http.publicUrl, org), { showCode: true, live: 0, sip: config.sip }), organization: org.slug };
        print(Boolean(opts.json), view, () => [view.url, ...(view.accessCode ? [`Access code: ${view.accessCode}`] : [])].join('\n'));
      } finally {
        await db.destroy();
      }
    });

  room
    .command('list')
    .description('List all rooms, or those of one organization')
    .option('--org <slug>', 'only the rooms of this organization')
    .option('--json', 'print JSON')
    .action(async (opts: { org?: string; json?: boolean }) => {
      const { db, config } = await context();
      const only = opts.org === undefined ? undefined : await organizationBySlug(db, opts.org).catch(async (err: unknown) => {
        await db.destroy();
        throw err;
      });
      const orgs = new Map((await listOrganizations(db)).map((o) => [o.id, o]));
      // The CLI reads the database, not the running server: how many are live is not its to say.
      const rooms = (await listRooms(db))
        .filter((r) => !only || r.organization_id === only.id)
        .map((r) => {
          const org = orgs.get(r.organization_id)!;
          const { live: _unknown, ...view } = roomView(r, organizationBaseUrl(config.http.publicUrl, org), { showCode: true, live: 0, sip: config.sip });
          return { ...view, organization: org.slug };
        });
      await db.destroy();
      print(Boolean(opts.json), rooms, () =>
        table(rooms.map((r) => ({ name: r.name, owner: r.owner.name, guests: r.guests, url: r.url })), ['name', 'owner', 'guests', 'url']),
      );
    });

  room
    .command('show <room>')
    .description("Show one room by its link or id: its settings, access code and dial-in PIN")
    .option('--json', 'print JSON')
    .action(async (roomArg: string, opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const found = await findRoom(db, roomIdOf(roomArg));
        if (!found) throw new CliError('room-not-found', roomArg);
        const org = (await findOrganizationById(db, found.organization_id))!;
        const { live: _unknown, ...shown } = roomView(found, organizationBaseUrl(config.http.publicUrl, org), { showCode: true, live: 0, sip: config.sip });
        const view = { ...shown, organization: org.slug };
        print(Boolean(opts.json), view, () =>
          [
            `${view.name} (${view.owner.name})`,
            view.url,
            `Guests: ${view.guests}, lobby: ${view.lobby}, up to ${view.maxParticipants} people`,
            ...(view.accessCode ? [`Access code: ${view.accessCode}`] : []),
            ...(view.dialIn ? [`Dial in: ${[view.dialIn.number, view.dialIn.sipUri].filter(Boolean).join(' or ')}, PIN ${view.dialIn.pin}`] : []),
          ].join('\n'),
        );
      } finally {
        await db.destroy();
      }
    });

  room
    .command('moderators <room>')
    .description("Show a room's co-moderators, or replace them with --set (member accounts; --set with no email clears the list)")
    .option('--set [emails...]', 'the new list of co-moderators, by email')
    .option('--json', 'print JSON')
    .action(async (roomArg: string, opts: { set?: string[] | true; json?: boolean }) => {
      const emails = opts.set === undefined ? undefined : opts.set === true ? [] : opts.set.map((e) => valid(Email, e, 'email'));
      const { db } = await context();
      try {
        const found = await findRoom(db, roomIdOf(roomArg));
        if (!found) throw new CliError('room-not-found', roomArg);
        let moderators;
        if (emails) {
          moderators = await setRoomModerators(db, found, emails).catch((err: unknown) => {
            if (err instanceof UnknownAccountsError) throw new CliError('bad-request', err.message);
            throw err;
          });
          await audit(db, { actor: cliActor(), action: 'room.moderators', target: found.id, origin: 'cli', details: { moderators: moderators.map((m) => m.email) } });
        } else {
          moderators = await roomModerators(db, found.id);
        }
        print(Boolean(opts.json), moderators, () => table(moderators, ['email', 'name']));
      } finally {
        await db.destroy();
      }
    });
}
