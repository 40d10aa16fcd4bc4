import type { Command } from 'commander';
import { audit } from '../audit/audit.ts';
import { API_PATH } from '../bbb/routes.ts';
import { apiSecret, rotateApiSecret } from '../bbb/secret.ts';
import { CliError, print } from './output.ts';
import { cliActor, type OpenContext } from './users.ts';

export function bbbCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const bbb = program.command('bbb').description('The BigBlueButton-compatible API');

  bbb
    .command('secret')
    .description("Print the API's URL and secret, to enter in an integration (Moodle, Nextcloud, Greenlight)")
    .option('--org <slug>', 'the organization whose secret to show (organizations do not exist yet)')
    .option('--rotate', 'make a new secret: integrations using the old one stop working until given the new one')
    .option('--json', 'print JSON')
    .action(async (opts: { org?: string; rotate?: boolean; json?: boolean }) => {
      if (opts.org !== undefined) throw new CliError('bad-request', 'there are no organizations yet: one secret serves the whole installation (leave out --org)');
      const { db, config } = await context();
      try {
        const secret = opts.rotate ? await rotateApiSecret(db) : await apiSecret(db);
        if (opts.rotate) await audit(db, { actor: cliActor(), action: 'bbb.secret-rotated', origin: 'cli' });
        const url = `${config.http.publicUrl}${API_PATH}/`;
        print(Boolean(opts.json), { url, secret }, () => `URL:    ${url}\nSecret: ${secret}`);
      } finally {
        await db.destroy();
      }
    });
}
