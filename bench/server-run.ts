import { startMoot, type Moot, type StartOptions } from '../test/helpers/moot.ts';
import { freeUdpRange } from '../test/helpers/ports.ts';
import { startMediaSources, type MediaSources } from './rtp-source.ts';

/**
 * Runs one benchmark against its own moot and Janus (with `rtpPortCount` media ports) and the
 * shared media sources, prints its result as the last stdout line, and ends the process.
 */
export function runAgainstServer(
  label: string,
  rtpPortCount: number,
  options: StartOptions,
  run: (moot: Moot, sources: MediaSources) => Promise<unknown>,
): void {
  const main = async () => {
    const rtpPorts = await freeUdpRange(rtpPortCount);
    process.stderr.write(`[${label}] starting moot and Janus\n`);
    const moot = await startMoot({ ...options, env: { ...options.env, MOOT_JANUS_RTP_PORTS: rtpPorts } });
    let sources: MediaSources | undefined;
    try {
      sources = await startMediaSources();
      process.stdout.write(`${JSON.stringify(await run(moot, sources))}\n`);
    } finally {
      sources?.stop();
      await moot.stop();
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
