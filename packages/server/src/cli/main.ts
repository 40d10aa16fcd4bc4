import { Command, CommanderError } from 'commander';
import { openContext } from '../context.ts';
import { CliError } from './output.ts';
import { userCommands } from './users.ts';
import { roomCommands } from './rooms.ts';
import { settingsCommands } from './settings.ts';
import { recordingCommands } from './recordings.ts';
import { ldapCommands } from './ldap.ts';
import { adminCommands } from './admin.ts';
import { auditCommands } from './audit.ts';
import { accountStateCommands } from './account-state.ts';
import { bbbCommands } from './bbb.ts';
import { importCommands } from './import.ts';
import { backupCommands } from './backup.ts';
import { dbCommands } from './db.ts';
import { importRecordingsCommands } from './import-recordings.ts';
import { janusCommands } from './janus.ts';
import { orgCommands } from './orgs.ts';

/**
 * `moot`: administration on the server's own machine. It opens the data folder directly
 * (creating and migrating the database when needed), whether or not the server runs.
 */
const program = new Command('moot').description('Administer a moot server from its own machine').exitOverride();
// The public URL comes from the server's last start unless the config file or environment says otherwise.
const context = () => openContext({ logLevel: 'warn', serverStart: true });

orgCommands(program, context);
userCommands(program, context);
roomCommands(program, context);
settingsCommands(program, context);
recordingCommands(program, context);
ldapCommands(program, context);
adminCommands(program, context);
auditCommands(program, context);
accountStateCommands(program, context);
bbbCommands(program, context);
janusCommands(program, context);
const importGroup = program.command('import').description('Bring in accounts, rooms and recordings from another system');
importCommands(importGroup, context);
importRecordingsCommands(importGroup, context);
backupCommands(program);
dbCommands(program);

try {
  await program.parseAsync();
  // A command may set a non-zero status without failing (the access audit finding a breach).
  process.exit(process.exitCode ?? 0);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const json = process.argv.includes('--json');
  if (err instanceof CliError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`);
    else process.stderr.write(`moot: ${err.message}\n`);
  } else {
    process.stderr.write(`moot: ${(err as Error).message}\n`);
  }
  process.exit(1);
}
