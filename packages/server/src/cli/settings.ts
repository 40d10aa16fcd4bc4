import type { Command } from 'commander';
import { getSettings, setSetting } from '../settings/settings.ts';
import { audit } from '../audit/audit.ts';
import { CliError, print } from './output.ts';
import { cliActor, type OpenContext } from './users.ts';

export function settingsCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const settings = program.command('settings').description('Server-wide settings');

  settings
    .command('set <key> <value>')
    .description('Change a setting: guests on|off')
    .option('--json', 'print JSON')
    .action(async (key: string, value: string, opts: { json?: boolean }) => {
      if (key !== 'guests') throw new CliError('bad-request', `unknown setting "${key}" (known: guests)`);
      if (value !== 'on' && value !== 'off') throw new CliError('bad-request', 'guests must be on or off');
      const { db } = await context();
      await setSetting(db, 'guests', value === 'on');
      await audit(db, { actor: cliActor(), action: 'settings.set', target: 'guests', origin: 'cli', details: { guests: value === 'on' } });
      const now = await getSettings(db);
      await db.destroy();
      print(Boolean(opts.json), now, () => `guests: ${now.guests ? 'on' : 'off'}`);
    });

  settings
    .command('show')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db } = await context();
      const now = await getSettings(db);
      await db.destroy();
      print(Boolean(opts.json), now, () => `guests: ${now.guests ? 'on' : 'off'}`);
    });
}
