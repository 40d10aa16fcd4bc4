import type { Command } from 'commander';
import { AccessCode, DisplayName, Email, GuestPolicy } from '@moot/protocol';
import { findUserByEmail } from '../accounts/accounts.ts';
import { audit } from '../audit/audit.ts';
import { roomModerators, setRoomModerators, UnknownAccountsError } from '../rooms/moderators.ts';
import { createRoom, findRoom, listRooms, roomView } from '../rooms/rooms.ts';
import { CliError, print, table } from './output.ts';
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
    .option('--json', 'print JSON')
    .action(async (opts: { owner: string; name: string; guests: string; accessCode?: string; maxParticipants?: string; json?: boolean }) => {
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
        const created = await createRoom(db, owner.id, { name, guests, ...(accessCode ? { accessCode } : {}), ...(max ? { maxParticipants: max } : {}) }, config.meeting.defaultMaxParticipants);
        const view = roomView({ ...created, owner_name: owner.name }, config.http.publicUrl, { showCode: true, live: 0, sip: config.sip });
        print(Boolean(opts.json), view, () => [view.url, ...(view.accessCode ? [`Access code: ${view.accessCode}`] : [])].join('\n'));
      } finally {
        await db.destroy();
      }
    });

  room
    .command('list')
    .description('List all rooms')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db, config } = await context();
      // The CLI reads the database, not the running server: how many are live is not its to say.
      const rooms = (await listRooms(db)).map((r) => {
        const { live: _unknown, ...view } = roomView(r, config.http.publicUrl, { showCode: true, live: 0, sip: config.sip });
        return view;
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
        const { live: _unknown, ...view } = roomView(found, config.http.publicUrl, { showCode: true, live: 0, sip: config.sip });
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
          moderators = await setRoomModerators(db, found.id, emails).catch((err: unknown) => {
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
