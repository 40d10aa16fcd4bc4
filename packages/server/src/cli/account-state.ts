import type { Command } from 'commander';
import { Email, RoomId } from '@moot/protocol';
import { findUserByEmail } from '../accounts/accounts.ts';
import { reactivateUser, suspendUser } from '../accounts/state.ts';
import { audit } from '../audit/audit.ts';
import { findRoom } from '../rooms/rooms.ts';
import { CliError, print } from './output.ts';
import { cliActor, valid, type OpenContext } from './users.ts';

/** Suspension by hand, and handing a frozen room to somebody else. */
export function accountStateCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const user = program.commands.find((c) => c.name() === 'user') ?? program.command('user');
  const room = program.commands.find((c) => c.name() === 'room') ?? program.command('room');

  for (const [name, description] of [
    ['suspend', 'Suspend an account: it is signed out everywhere and cannot sign in; its rooms are frozen'],
    ['reactivate', 'Lift a suspension'],
  ] as const) {
    user
      .command(`${name} <email>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (emailArg: string, opts: { json?: boolean }) => {
        const email = valid(Email, emailArg, 'email');
        const { db } = await context();
        try {
          const found = await findUserByEmail(db, email);
          if (!found) throw new CliError('not-found', `no account ${email}`);
          if (name === 'suspend') await suspendUser(db, found.id, 'admin');
          else await reactivateUser(db, found.id);
          await audit(db, { actor: cliActor(), action: `account.${name}`, target: email, origin: 'cli' });
          const status = name === 'suspend' ? 'suspended' : 'active';
          print(Boolean(opts.json), { email, status }, () => `${email}: ${status}`);
        } finally {
          await db.destroy();
        }
      });
  }

  room
    .command('transfer <room>')
    .description('Give a room (and the recordings kept in it) to another account')
    .requiredOption('--to <email>', 'the new owner')
    .option('--json', 'print JSON')
    .action(async (roomArg: string, opts: { to: string; json?: boolean }) => {
      const roomId = valid(RoomId, roomArg, 'room');
      const email = valid(Email, opts.to, 'to');
      const { db } = await context();
      try {
        const found = await findRoom(db, roomId);
        if (!found) throw new CliError('room-not-found', roomId);
        const owner = await findUserByEmail(db, email);
        if (!owner || owner.status !== 'active') throw new CliError('not-found', `no active account ${email}`);
        await db.updateTable('rooms').set({ owner_id: owner.id }).where('id', '=', roomId).execute();
        await audit(db, { actor: cliActor(), action: 'room.transfer', target: roomId, origin: 'cli', details: { from: found.owner_id, to: email } });
        print(Boolean(opts.json), { room: roomId, owner: email }, () => `Room ${found.name} now belongs to ${email}`);
      } finally {
        await db.destroy();
      }
    });
}
