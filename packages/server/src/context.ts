import { loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openDatabase, type Db } from './store/db.ts';

/** The configuration, log and database, opened the same way by the server and the CLI. */
export async function openContext(options: { logLevel?: string; serverStart?: boolean } = {}): Promise<{ config: Config; log: Logger; db: Db }> {
  const config = loadConfig(process.env, { serverStart: options.serverStart });
  const log = createLogger(options.logLevel ?? config.log.level);
  const db = await openDatabase(config.data.dir, config.database.url);
  return { config, log, db };
}
