import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startPostgres, type Postgres } from './postgres.ts';
import { startRedis, type RedisServer } from './redis.ts';
import { makeTempDir, startMoot, type Moot, type StartOptions } from './moot.ts';

/** Several moot server processes of one installation: one PostgreSQL, one Redis, each process its own data folder and Janus. */
export interface TestCluster {
  servers: Moot[];
  postgres: Postgres;
  redis: RedisServer;
  /** One more process of the same installation, with settings of its own in `env` (e.g. its SIP port). */
  addServer(env?: Record<string, string>): Promise<Moot>;
  stop(): Promise<void>;
}

export async function startCluster(count: number, options: StartOptions = {}): Promise<TestCluster> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  await postgres.createDatabase('moot');
  // One recordings key for the installation, as on machines that share it.
  const keyFile = join(makeTempDir('moot-cluster-key-'), 'recordings-key');
  const env = { MOOT_DATABASE_URL: postgres.url('moot'), MOOT_REDIS_URL: redis.url, MOOT_RECORDINGS_KEY_FILE: keyFile, ...options.env };
  const servers: Moot[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([redis.stop(), postgres.stop()]);
    rmSync(dirname(keyFile), { recursive: true, force: true });
  };
  const addServer = async (own: Record<string, string> = {}) => {
    const server = await startMoot({ ...options, env: { ...env, ...own } });
    servers.push(server);
    return server;
  };
  try {
    // One after the other: the first creates the schema, the next finds it made.
    for (let i = 0; i < count; i++) await addServer();
  } catch (err) {
    await stop();
    throw err;
  }
  return { servers, postgres, redis, addServer, stop };
}
