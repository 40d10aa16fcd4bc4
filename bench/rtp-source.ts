import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One RTP packet as ffmpeg sent it, parsed just enough to re-send it under another SSRC. */
export interface SourcePacket {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
}

export type PacketListener = (packet: SourcePacket) => void;

/**
 * An RTP stream that ffmpeg encodes once and the generator fans out to every synthetic
 * publisher, so a hundred participants cost one encoder per stream, not a hundred.
 */
export class RtpStream {
  private listeners = new Set<PacketListener>();
  packets = 0;

  constructor(readonly socket: Socket) {
    socket.on('message', (data) => {
      const packet = parseRtp(data);
      if (!packet) return;
      this.packets++;
      for (const listener of this.listeners) listener(packet);
    });
  }

  get port(): number {
    return (this.socket.address() as AddressInfo).port;
  }

  subscribe(listener: PacketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** RTP fixed header, CSRCs and extension skipped; RTCP (payload types 200-204 on the wire) refused. */
function parseRtp(data: Buffer): SourcePacket | undefined {
  if (data.length < 12 || data[0]! >> 6 !== 2) return undefined;
  const second = data[1]!;
  if (second >= 200 && second <= 204) return undefined;
  let offset = 12 + (data[0]! & 0x0f) * 4;
  if (data[0]! & 0x10) offset += 4 + data.readUInt16BE(offset + 2) * 4;
  let end = data.length;
  if (data[0]! & 0x20) end -= data[end - 1]!;
  if (offset > end) return undefined;
  return {
    sequenceNumber: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    marker: (second & 0x80) !== 0,
    payload: data.subarray(offset, end),
  };
}

function bindUdp(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // ffmpeg sends a keyframe of all three layers at once: room for a burst during a busy moment.
    const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

/** Camera simulcast layers, smallest first (the order of Janus's substreams), with the rids of docs/protocol.md. */
export const VIDEO_LAYERS = [
  { width: 160, height: 90, kbps: 60, rid: 'l' },
  { width: 320, height: 180, kbps: 150, rid: 'm' },
  { width: 640, height: 360, kbps: 300, rid: 'h' },
] as const;
export const VIDEO_FPS = 15;

export interface MediaSources {
  tone: RtpStream;
  /** One stream per simulcast layer, in VIDEO_LAYERS order. */
  video: RtpStream[];
  /** Pids of the ffmpeg senders (their CPU counts as the generator's). */
  pids(): number[];
  stop(): void;
}

const rtpUrl = (stream: RtpStream) => `rtp://127.0.0.1:${stream.port}?pkt_size=1200`;
const CLIP_SECONDS = 10;
const QUIET = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

function ffmpeg(args: string[]): ChildProcess {
  const child = spawn('ffmpeg', [...QUIET, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => process.stderr.write(`[ffmpeg] ${d}`));
  return child;
}

/**
 * Encodes a 440 Hz tone as Opus (20 ms frames) and a moving test pattern as VP8 in the three
 * simulcast layers, 10 s each, with a keyframe every second: ffmpeg cannot answer Janus's
 * keyframe requests, so a new subscriber or a layer switch waits for the next one, and the
 * clip loops on a keyframe.
 */
async function encodeClips(dir: string): Promise<{ tone: string; layers: string[] }> {
  const tone = join(dir, 'tone.ogg');
  const layers = VIDEO_LAYERS.map((_, i) => join(dir, `layer-${i}.ivf`));
  const split = VIDEO_LAYERS.map((_, i) => `[v${i}]`).join('');
  const scales = VIDEO_LAYERS.map((l, i) => `[v${i}]scale=${l.width}:${l.height}[o${i}]`).join(';');
  const args = [
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`],
    ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${VIDEO_FPS}:duration=${CLIP_SECONDS}`],
    ...['-map', '0:a', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-application', 'voip', '-frame_duration', '20', '-y', tone],
    ...['-filter_complex', `[1:v]split=${VIDEO_LAYERS.length}${split};${scales}`],
    ...VIDEO_LAYERS.flatMap((layer, i) => [
      ...['-map', `[o${i}]`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8'],
      ...['-b:v', `${layer.kbps}k`, '-g', String(VIDEO_FPS), '-keyint_min', String(VIDEO_FPS)],
      ...['-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1', '-y', layers[i]!],
    ]),
  ];
  const code = await new Promise<number | null>((resolve) => ffmpeg(args).on('exit', resolve));
  if (code !== 0) throw new Error('ffmpeg could not encode the test clips (is ffmpeg with libopus and libvpx installed?)');
  return { tone, layers };
}

/**
 * Encodes the clips once, then streams them in a loop at real time (`-re`, stream copy) as RTP
 * to local ports: sending costs the generator almost nothing, whatever the number of publishers.
 */
export async function startMediaSources(): Promise<MediaSources> {
  const dir = mkdtempSync(join(tmpdir(), 'moot-bench-'));
  const clips = await encodeClips(dir);
  const tone = new RtpStream(await bindUdp());
  const video = await Promise.all(VIDEO_LAYERS.map(async () => new RtpStream(await bindUdp())));
  const looped = (file: string) => ['-re', '-stream_loop', '-1', '-i', file];
  const children = [
    ffmpeg([...looped(clips.tone), '-map', '0', '-c', 'copy', '-f', 'rtp', '-payload_type', '111', rtpUrl(tone)]),
    ffmpeg([
      ...clips.layers.flatMap(looped),
      ...video.flatMap((stream, i) => ['-map', String(i), '-c', 'copy', '-f', 'rtp', '-payload_type', '96', rtpUrl(stream)]),
    ]),
  ];
  const stop = () => {
    for (const child of children) child.kill('SIGKILL');
    for (const stream of [tone, ...video]) stream.socket.close();
    rmSync(dir, { recursive: true, force: true });
  };
  // Both streams must flow before anyone publishes.
  const deadline = Date.now() + 10_000;
  while ([tone, ...video].some((s) => s.packets === 0)) {
    if (Date.now() > deadline || children.some((c) => c.exitCode !== null)) {
      stop();
      throw new Error('ffmpeg sent no RTP');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { tone, video, pids: () => children.flatMap((c) => (c.pid !== undefined && c.exitCode === null ? [c.pid] : [])), stop };
}
