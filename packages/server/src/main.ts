import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { symbols } from 'pino';
import { openContext } from './context.ts';
import { recordServerStart } from './config.ts';
import { issueSetupToken } from './accounts/first-admin.ts';
import { startServer } from './server.ts';

const { config, log, db } = await openContext();
const server = await startServer(config, log, db);

recordServerStart(config);
const lines = [`moot is running at ${config.http.publicUrl}`, `data folder: ${config.data.dir}`];
if (!config.smtp.url) {
  lines.push(
    'No mail server is configured (MOOT_SMTP_URL): invitations and password-reset links cannot be mailed.',
    'The Administration page gives administrators one-time links to pass on instead.',
  );
}
const setupToken = await issueSetupToken(db);
if (setupToken) {
  lines.push(
    'No administrator yet. Open this one-time link to create one:',
    `  ${config.http.publicUrl}/setup#${setupToken}`,
    `or on this machine: npx moot user add you@example.org --name "Your Name" --admin --password-stdin`,
  );
}
// Printed, not logged: the setup link is a secret for the person at this terminal only. Printed
// once Janus answers (or after 10 s), so the start-up log lines come before it, not around it.
const { media } = server.services;
const settled = media.state === 'up' ? Promise.resolve() : Promise.race([once(media, 'up'), sleep(10_000)]);
// The logger writes asynchronously: the banner goes through the log's own stream, so it lands
// after the log lines written before it instead of among them.
const logOutput = (log as unknown as Record<symbol, { write(text: string): void }>)[symbols.streamSym]!;
void settled.then(() => logOutput.write(`\n${lines.join('\n')}\n\n`));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
