import { startJanusNodes } from '../test/helpers/janus-nodes.ts';
import { startMoot, type Moot, type StartOptions } from '../test/helpers/moot.ts';
import { freeUdpRange } from '../test/helpers/ports.ts';
import { startMediaSources, type MediaSources } from './rtp-source.ts';

/** The processes a benchmark measures. */
export interface Processes {
  server: number;
  /** The Janus processes, one per node that runs. */
  janus(): number[];
}

export interface RunOptions extends StartOptions {
  /** Media ports of each Janus. */
  rtpPortCount: number;
  /** Above 1: that many Janus nodes started as external nodes, the managed Janus otherwise. */
  janusNodes?: number;
}

/**
 * Runs one benchmark against its own moot and Janus nodes and the shared media sources, prints
 * its result as the last stdout line, and ends the process.
 */
export function runAgainstServer(
  label: string,
  { rtpPortCount, janusNodes = 1, ...options }: RunOptions,
  run: (moot: Moot, sources: MediaSources, processes: Processes) => Promise<unknown>,
): void {
  const main = async () => {
    process.stderr.write(`[${label}] starting moot and ${janusNodes} Janus\n`);
    const nodes = janusNodes > 1 ? await startJanusNodes(janusNodes, rtpPortCount) : undefined;
    try {
      const janusEnv = nodes?.env ?? { MOOT_JANUS_RTP_PORTS: await freeUdpRange(rtpPortCount) };
      const moot = await startMoot({ ...options, env: { ...options.env, ...janusEnv } });
      let sources: MediaSources | undefined;
      try {
        sources = await startMediaSources();
        const janus = nodes ? () => nodes.nodes.flatMap((n) => n.pid() ?? []) : () => moot.janusPids();
        process.stdout.write(`${JSON.stringify(await run(moot, sources, { server: moot.pid, janus }))}\n`);
      } finally {
        sources?.stop();
        await moot.stop();
      }
    } finally {
      await nodes?.stop();
    }
  };
  main().then(
    // werift keeps sockets and timers open after close(): end explicitly once the figures are out.
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`[${label}] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
