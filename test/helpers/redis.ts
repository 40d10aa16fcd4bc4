import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';

/** A real redis-server (Debian's `redis-server` package) as a child of the test, on a free loopback port. */
export interface RedisServer {
  url: string;
  /** A client of its own for the test's checks; closed by stop(). */
  client(): Redis;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = makeTempDir('moot-redis-');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  // Nothing written to disk: the data dies with the test.
  const { stop } = await startDaemon({
    label: `redis-server ${url}`,
    command: 'redis-server',
    args: ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--unixsocket', join(dir, 'redis.sock')],
    spawn: { cwd: dir },
    dir,
    orphanSignal: 'SIGKILL',
    ready: async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // Refused until the server listens: connect() rejects with it, and the event must not end the test.
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
      } finally {
        probe.disconnect();
      }
    },
    readyTimeoutMs: 15_000,
  });
  return {
    url,
    client,
    async stop() {
      for (const c of clients) c.disconnect();
      await stop();
    },
  };
}
