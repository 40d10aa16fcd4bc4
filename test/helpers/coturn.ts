import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after } from 'node:test';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { makeTempDir } from './moot.ts';
import { freePort, freeUdpRange } from './ports.ts';

/**
 * A real coturn `turnserver` (Debian's) as a child of the test, on 127.0.0.1 only: clients reach
 * it over TCP alone (no UDP or TLS listener), and it relays over UDP from 127.0.0.1 to peers
 * on 127.0.0.1 (the media server) and nowhere else. It checks TURN REST API credentials made
 * with a fresh shared secret, and logs to its stdout, kept for a failed test's diagnostics.
 */
export interface Coturn {
  /** The TCP address for browsers: turn:127.0.0.1:<port>?transport=tcp */
  url: string;
  /** The shared secret (`static-auth-secret`). */
  secret: string;
  /** A file holding the secret, for MOOT_TURN_SECRET_FILE. */
  secretFile: string;
  /** What coturn logged so far. */
  log(): string;
  stop(): Promise<void>;
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function startCoturn(): Promise<Coturn> {
  const dir = makeTempDir('moot-coturn-');
  const port = await freePort();
  const [minPort, maxPort] = (await freeUdpRange(100)).split('-');
  const secret = randomBytes(24).toString('base64url');
  const secretFile = join(dir, 'turn-secret');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const args = [
    '-n', // no turnserver.conf: every setting is here
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--no-udp',
    '--no-tls',
    '--no-dtls',
    '--no-tcp-relay',
    `--min-port=${minPort}`,
    `--max-port=${maxPort}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=moot.test',
    '--fingerprint',
    // coturn refuses loopback peers unless allowed; then only the media server's address is.
    '--allow-loopback-peers',
    '--denied-peer-ip=127.0.0.0-127.255.255.255',
    '--allowed-peer-ip=127.0.0.1',
    '--no-cli',
    '--no-software-attribute',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--db=${join(dir, 'turndb')}`,
  ];
  const url = `turn:127.0.0.1:${port}?transport=tcp`;
  const { output, stop } = await startDaemon({
    label: `coturn ${url}`,
    command: 'turnserver',
    args,
    dir,
    ready: () => acceptsTcp(port),
    readyTimeoutMs: 20_000,
  });
  return { url, secret, secretFile, log: () => output.text(), stop };
}

/**
 * A coturn for one test file, stopped after its tests: `env()` starts it and gives the server's
 * TURN settings with credentials living `ttlSeconds` (pass it to `castOf`); `coturn` is there
 * once it has run.
 */
export function coturnForFile(ttlSeconds: number): { env: () => Promise<Record<string, string>>; readonly coturn: Coturn } {
  let started: Coturn | undefined;
  after(async () => {
    await started?.stop();
  });
  return {
    env: async () => {
      started = await startCoturn();
      return { MOOT_TURN_URLS: started.url, MOOT_TURN_SECRET_FILE: started.secretFile, MOOT_TURN_TTL: String(ttlSeconds) };
    },
    get coturn() {
      if (!started) throw new Error('coturn has not been started: pass env() to castOf');
      return started;
    },
  };
}
