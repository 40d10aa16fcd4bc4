// A moot server inside the test process, for tests that reach into its services (a plain-RTP
// member admitted directly, the phone gateway's registration state) besides its HTTP and SIP sides.
import type { Logger } from 'pino';
import { loadConfig } from '../../packages/server/src/config.ts';
import { createLogger } from '../../packages/server/src/log.ts';
import { openDatabase } from '../../packages/server/src/store/db.ts';
import { startServer, type RunningServer } from '../../packages/server/src/server.ts';
import { waitFor } from './wait.ts';

/** Starts the server with this environment and waits until its Janus is up. */
export async function startInProcess(env: Record<string, string>, log: Logger = createLogger('warn')): Promise<RunningServer> {
  const config = loadConfig(env);
  const server = await startServer(config, log, await openDatabase(config.data.dir, config.database.url));
  await waitFor(() => server.services.media.state === 'up' || null, { timeoutMs: 60_000, message: 'Janus up' });
  return server;
}
