// The delay of "Listen and chat": how long after a talker unmutes their 440 Hz tone a listener
// hears it in the meeting's HTTP stream (the AudioBridge mix forwarded as RTP, remuxed to Ogg by
// ffmpeg, fanned out by the server). The listener's side decodes the stream with ffmpeg as it
// arrives; the time counts until the decoded sound carries the tone, so it includes that decoder
// but not a browser's own buffering. Prints progress on stderr and one JSON object last.
//
//   npm run bench:listen -- [--trials 10]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../packages/protocol/src/index.ts';
import { addRoom, addUser } from '../test/helpers/fixtures.ts';
import { sleep, waitFor } from '../test/helpers/wait.ts';
import { SyntheticParticipant } from './participant.ts';
import { percentile } from './receive.ts';
import { runAgainstServer } from './server-run.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '10' } } });
const trials = Number(values.trials);
const log = (text: string) => process.stderr.write(`[listen-delay] ${text}\n`);

/** 20 ms of 48 kHz mono 16-bit samples. */
const WINDOW_BYTES = 960 * 2;
/** RMS (of 32767) above which a window carries the tone; the muted mix is digital silence. */
const TONE_RMS = 500;

/** A listener at the protocol level: joins with listenOnly and asks for its stream's address. */
async function listener(url: string, roomId: string): Promise<{ ws: WebSocket; path: string }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { origin: url } });
  const messages: ServerMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'join', version: PROTOCOL_VERSION, room: roomId, name: 'Listener', listenOnly: true }));
  await waitFor(() => messages.some((m) => m.type === 'joined'), { timeoutMs: 20_000, message: 'the listener in the meeting' });
  ws.send(JSON.stringify({ type: 'listen' }));
  const stream = await waitFor(() => messages.find((m) => m.type === 'listenStream'), { timeoutMs: 10_000, message: 'a stream address' });
  return { ws, path: (stream as Extract<ServerMessage, { type: 'listenStream' }>).path };
}

/** Reads the stream, decodes it as it comes, and tells when the decoded sound is loud. */
class StreamEar {
  loudSince: number | undefined;
  quietSince: number | undefined = performance.now();
  bytes = 0;
  private pending = Buffer.alloc(0);
  private decoder = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0', '-f', 'ogg', '-i', 'pipe:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-flush_packets', '1', 'pipe:1'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );

  constructor(private response: Response) {
    this.decoder.stdout.on('data', (chunk: Buffer) => this.decoded(chunk));
    void this.pump();
  }

  private async pump(): Promise<void> {
    const reader = this.response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !value) return;
      this.bytes += value.length;
      this.decoder.stdin.write(value);
    }
  }

  private decoded(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= WINDOW_BYTES) {
      let sum = 0;
      for (let i = 0; i < WINDOW_BYTES; i += 2) sum += this.pending.readInt16LE(i) ** 2;
      this.pending = this.pending.subarray(WINDOW_BYTES);
      const loud = Math.sqrt(sum / (WINDOW_BYTES / 2)) > TONE_RMS;
      if (loud && this.loudSince === undefined) {
        this.loudSince = performance.now();
        this.quietSince = undefined;
      } else if (!loud && this.quietSince === undefined) {
        this.quietSince = performance.now();
        this.loudSince = undefined;
      }
    }
  }

  stop(): void {
    this.decoder.kill('SIGKILL');
  }
}

runAgainstServer('listen-delay', { rtpPortCount: 200, logLevel: 'warn' }, async (moot, sources) => {
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  const owner = await addUser(moot, 'Bench Owner');
  const room = await addRoom(moot, owner, 'Listen delay', 'link');
  const talker = new SyntheticParticipant({ name: 'Talker', talker: true, camera: false }, { url: moot.url, roomId: room.id, sources, cameraNames: new Set(), maxTiles: 9, tileHeight: 240 });
  await talker.join();
  await waitFor(() => talker.firstMixAt !== undefined, { timeoutMs: 30_000, message: 'the talker hearing the mix' });
  talker.setMuted(true);

  const { ws, path } = await listener(moot.url, room.id);
  const streamOpenedAt = performance.now();
  const ear = new StreamEar(await fetch(moot.url + path));
  await waitFor(() => ear.bytes > 0, { timeoutMs: 10_000, message: 'the first bytes of the stream' });
  const firstByteMs = performance.now() - streamOpenedAt;
  log(`stream open, first bytes after ${firstByteMs.toFixed(0)} ms`);

  const delays: number[] = [];
  const silences: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    await waitFor(() => ear.quietSince !== undefined && performance.now() - ear.quietSince > 1500, { timeoutMs: 20_000, message: 'silence before the tone' });
    const unmutedAt = performance.now();
    talker.setMuted(false);
    await waitFor(() => ear.loudSince !== undefined, { timeoutMs: 20_000, intervalMs: 5, message: 'the tone in the stream' });
    delays.push(ear.loudSince! - unmutedAt);
    log(`trial ${trial + 1}: tone after ${delays.at(-1)!.toFixed(0)} ms`);
    await sleep(1000);
    const mutedAt = performance.now();
    talker.setMuted(true);
    await waitFor(() => ear.quietSince !== undefined, { timeoutMs: 20_000, intervalMs: 5, message: 'silence in the stream after the mute' });
    silences.push(ear.quietSince! - mutedAt);
  }
  const seconds = (performance.now() - streamOpenedAt) / 1000;
  ear.stop();
  ws.close();
  await talker.leave();
  return {
    trials,
    delayP50Ms: Math.round(percentile(delays, 50)),
    delayP95Ms: Math.round(percentile(delays, 95)),
    delayMaxMs: Math.round(Math.max(...delays)),
    silenceP50Ms: Math.round(percentile(silences, 50)),
    silenceP95Ms: Math.round(percentile(silences, 95)),
    firstByteMs: Math.round(firstByteMs),
    streamKbps: Math.round((ear.bytes * 8) / seconds / 1000),
  };
});
