import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../packages/server/src/config.ts';
import { janusTokenSigner } from '../../packages/server/src/media/janus-client.ts';
import { JanusProcess } from '../../packages/server/src/media/janus-process.ts';
import { JanusProbe } from './janus.ts';
import { makeTempDir } from './moot.ts';
import { freePort, freeUdpRange } from './ports.ts';
import { loopbackShim } from './shim.ts';
import { waitFor } from './wait.ts';

/** A Janus started on its own, as an operator runs an external node (loopback only). */
export interface JanusNode {
  url: string;
  wsPort: number;
  /** The UDP ports its media use. */
  rtpPorts: { from: number; to: number };
  pid(): number | undefined;
  /** The VideoRoom rooms on this node (moot's private rooms included). */
  videoRooms(): Promise<Array<Record<string, any>>>;
  /** SIGKILL, as a machine that dies. */
  kill(): Promise<void>;
}

export interface JanusNodes {
  nodes: JanusNode[];
  /** What a moot server needs to use these nodes (the same admin key and token secret on all). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts `count` Janus processes, each with its own ports and folder, sharing one admin key and
 * token secret; each node gets `rtpPortCount` media ports (the default fits a few browsers).
 */
export async function startJanusNodes(count: number, rtpPortCount?: number): Promise<JanusNodes> {
  const adminKey = randomBytes(18).toString('base64url');
  const tokenSecret = randomBytes(32).toString('base64url');
  const token = janusTokenSigner(tokenSecret, ['janus.plugin.videoroom', 'janus.plugin.audiobridge']);
  const preload = await loopbackShim();
  const log = pino({ level: process.env.MOOT_TEST_VERBOSE === '1' ? 'debug' : 'silent' });
  const started: { process: JanusProcess; dir: string }[] = [];
  const nodes: JanusNode[] = [];
  for (let i = 0; i < count; i++) {
    const dir = makeTempDir('moot-janus-node-');
    const wsPort = await freePort();
    const rtpPorts = await freeUdpRange(rtpPortCount);
    const [from, to] = rtpPorts.split('-').map(Number) as [number, number];
    const config = loadConfig({
      MOOT_DATA_DIR: dir,
      MOOT_JANUS_WS_PORT: String(wsPort),
      MOOT_JANUS_RTP_PORTS: rtpPorts,
      MOOT_JANUS_ICE_ENFORCE_LIST: 'lo',
      MOOT_JANUS_PRELOAD: preload,
    }).janus;
    const janus = new JanusProcess(config, dir, { adminKey, tokenSecret }, log);
    janus.start();
    started.push({ process: janus, dir });
    const url = `ws://127.0.0.1:${wsPort}`;
    nodes.push({
      url,
      wsPort,
      rtpPorts: { from, to },
      pid: () => janus.pid,
      videoRooms: async () => {
        const probe = await JanusProbe.connect(wsPort, token());
        try {
          const videoroom = await probe.attach('janus.plugin.videoroom');
          const data = await videoroom.message({ request: 'list', admin_key: adminKey });
          await probe.call({ janus: 'destroy', session_id: videoroom.session_id }).catch(() => undefined);
          return data.list as Array<Record<string, any>>;
        } finally {
          probe.close();
        }
      },
      kill: async () => {
        const pid = janus.pid;
        if (pid === undefined) return;
        process.kill(pid, 'SIGKILL');
        await waitFor(() => janus.pid === undefined, { message: `Janus node ${url} to end` });
      },
    });
  }
  for (const node of nodes) {
    await waitFor(
      async () => {
        const probe = await JanusProbe.connect(node.wsPort).catch(() => undefined);
        probe?.close();
        return probe !== undefined;
      },
      { timeoutMs: 20_000, message: `Janus node ${node.url} to listen` },
    );
  }
  return {
    nodes,
    env: {
      MOOT_JANUS_MODE: 'external',
      MOOT_JANUS_URLS: nodes.map((n) => n.url).join(','),
      MOOT_JANUS_ADMIN_KEY: adminKey,
      MOOT_JANUS_TOKEN_SECRET: tokenSecret,
    },
    stop: async () => {
      await Promise.all(started.map((s) => s.process.stop()));
      for (const s of started) rmSync(s.dir, { recursive: true, force: true });
    },
  };
}
