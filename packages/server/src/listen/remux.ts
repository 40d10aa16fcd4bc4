import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RtpTarget } from '../media/driver.ts';
import { freeRtpPort } from '../livestream/relay.ts';
import { OggPages, type OggPage } from './ogg-pages.ts';

/** The payload type the media server is asked to use, and the SDP announces. */
export const OPUS_PAYLOAD_TYPE = 111;

const STOP_GRACE_MS = 2000;

/**
 * Low delay over small overhead: a page every 60 ms of audio, written as soon as it is full.
 * The input is not probed: the SDP says all there is to know.
 */
function ffmpegArgs(sdpPath: string): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-protocol_whitelist', 'file,udp,rtp',
    '-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0',
    '-i', sdpPath,
    '-map', '0:a', '-c:a', 'copy',
    '-f', 'ogg', '-page_duration', '60000', '-flush_packets', '1',
    'pipe:1',
  ];
}

function sdp(host: string, port: number): string {
  return [
    'v=0',
    `o=- 0 0 IN IP4 ${host}`,
    's=moot mix',
    `c=IN IP4 ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${OPUS_PAYLOAD_TYPE}`,
    // RFC 7587: Opus is always announced as 48000/2, whatever the sender's channels.
    `a=rtpmap:${OPUS_PAYLOAD_TYPE} opus/48000/2`,
    'a=recvonly',
    '',
  ].join('\r\n');
}

export interface RemuxEvents {
  page(page: OggPage): void;
  /** ffmpeg ended without being asked to (`reason`: the end of its error output). */
  died(reason: string): void;
}

/**
 * One ffmpeg that takes the meeting's mix as Opus RTP on `host` and writes it out as Ogg
 * without decoding it: the cost of listeners is a copy of the packets, not an encoder.
 */
export class Remux {
  private stopping = false;

  private constructor(
    private child: ChildProcess,
    /** Settles once ffmpeg is gone (or never ran). */
    private gone: Promise<void>,
    /** Where the media server should send the mix. */
    readonly target: RtpTarget,
  ) {}

  /** `host`: this server's address as the media server reaches it. */
  static async start(host: string, events: RemuxEvents): Promise<Remux> {
    const dir = await mkdtemp(join(tmpdir(), 'moot-listen-'));
    const port = await freeRtpPort(host);
    const sdpPath = join(dir, 'mix.sdp');
    await writeFile(sdpPath, sdp(host, port));
    const child = spawn('ffmpeg', ffmpegArgs(sdpPath), { stdio: ['ignore', 'pipe', 'pipe'] });
    const pages = new OggPages();
    let errors = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const page of pages.push(chunk)) events.page(page);
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      errors = (errors + text).slice(-2000);
    });
    let remux: Remux | undefined;
    const gone = new Promise<string>((resolve) => {
      child.once('error', (err) => resolve(`ffmpeg could not run: ${err.message}`));
      child.once('exit', (code, signal) => resolve(`ffmpeg exited (${signal ?? code}): ${errors.trim().split('\n').slice(-2).join(' | ')}`));
    }).then(async (reason) => {
      await rm(dir, { recursive: true, force: true });
      if (!remux?.stopping) events.died(reason);
    });
    remux = new Remux(child, gone, { host, port, payloadType: OPUS_PAYLOAD_TYPE });
    return remux;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.child.kill('SIGTERM');
    // Once streaming, ffmpeg reads a stop signal between packets only: without packets it would
    // wait for its input's timeout.
    const hard = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.gone;
    clearTimeout(hard);
  }
}
