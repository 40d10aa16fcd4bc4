import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { RtpForward } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Destination } from './destinations.ts';
import { encoderArgs, OPUS_PT, programSdp, startFfmpeg, VP8_PT } from './encoder.ts';
import { hlsTarget } from './hls.ts';
import { ProgramPicture } from './picture.ts';
import { freeRtpPort } from './relay.ts';
import { Pusher, type PushTarget } from './pusher.ts';
import { rtmpTarget } from './rtmp.ts';

/** Everything stays on this machine: the media server forwards to the encoder over loopback. */
/** The encoder binds its ports as it starts; video sent before that loses its first key frame. */
const ENCODER_SETTLE_MS = 1000;
const ENCODER_RESTART_MS = 2000;

export interface LiveStreamEvents {
  destinationFailing(name: string, retryInSeconds: number): void;
  destinationBack(name: string): void;
}

/**
 * One meeting's livestream while it runs: the mix forwarded by the media server, the meeting's
 * program picture (picture.ts, one unbroken VP8 stream whatever it shows), the encoder, and a
 * pusher per destination. A change of picture never restarts the encoder nor reconnects a
 * destination.
 */
export class LiveStream {
  private dir: string;
  private mix: RtpForward | undefined;
  private picture: ProgramPicture | undefined;
  private encoder: ChildProcess | undefined;
  private pushers: Pusher[] = [];
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private meeting: Meeting,
    private destinations: Destination[],
    workRoot: string,
    private events: LiveStreamEvents,
    private log: Logger,
    /** Where the HLS files go, when the room serves its stream as HLS too. */
    private hlsDir?: string,
  ) {
    this.dir = mkdtempSync(join(workRoot, 'live-'));
  }

  /** Rejects when the media server or ffmpeg cannot take part; nothing is left running then. */
  async start(): Promise<void> {
    try {
      const rooms = await this.meeting.ensureMedia();
      const host = rooms.serverAddress;
      const audioPort = await freeRtpPort(host);
      const videoPort = await freeRtpPort(host);
      writeFileSync(join(this.dir, 'program.sdp'), programSdp(host, audioPort, videoPort));
      this.mix = await rooms.forwardMix({ host, port: audioPort, payloadType: OPUS_PT });
      await this.startEncoder();
      await new Promise((resolve) => setTimeout(resolve, ENCODER_SETTLE_MS));
      this.picture = await ProgramPicture.start(this.meeting, { host, port: videoPort, payloadType: VP8_PT }, this.dir, this.log);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Restarts run one at a time. */
  private serially(work: () => Promise<void>): void {
    this.busy = this.busy.then(work).catch((err: unknown) => this.log.warn({ err: String(err) }, 'livestream encoder restart failed'));
  }

  /** The encoder and, with it, a pusher per destination: a destination never sees time stamps jump back. */
  private async startEncoder(): Promise<void> {
    const encoder = await startFfmpeg(encoderArgs(join(this.dir, 'program.sdp')));
    this.encoder = encoder;
    let errors = '';
    encoder.stderr!.setEncoding('utf8').on('data', (d: string) => (errors = (errors + d).slice(-2000)));
    const targets: PushTarget[] = this.destinations.map((d, i) => rtmpTarget(d, join(this.dir, `destination-${i}.ffpreset`)));
    if (this.hlsDir) {
      rmSync(this.hlsDir, { recursive: true, force: true });
      mkdirSync(this.hlsDir, { recursive: true, mode: 0o700 });
      targets.push(hlsTarget(this.hlsDir));
    }
    this.pushers = targets.map(
      (t) => new Pusher(t, { failing: (retryIn) => this.events.destinationFailing(t.name, retryIn), back: () => this.events.destinationBack(t.name) }, this.log),
    );
    for (const pusher of this.pushers) pusher.start();
    encoder.stdout!.on('data', (chunk: Buffer) => {
      for (const pusher of this.pushers) pusher.write(chunk);
    });
    encoder.once('close', (code) => {
      if (this.encoder !== encoder || this.stopped) return;
      this.log.error({ code, ffmpeg: errors.trim() }, 'livestream encoder stopped; starting it again');
      this.serially(async () => {
        await this.stopEncoder();
        await new Promise((resolve) => setTimeout(resolve, ENCODER_RESTART_MS));
        await this.restartEncoder();
      });
    });
  }

  /** After a crash: a new encoder, and a key frame of the picture for it. */
  private async restartEncoder(): Promise<void> {
    if (this.stopped) return;
    await this.startEncoder();
    await new Promise((resolve) => setTimeout(resolve, ENCODER_SETTLE_MS));
    this.picture?.freshKeyFrame();
  }

  private async stopEncoder(): Promise<void> {
    const pushers = this.pushers;
    this.pushers = [];
    const encoder = this.encoder;
    this.encoder = undefined;
    encoder?.kill('SIGTERM');
    await Promise.all(pushers.map((p) => p.stop()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.busy;
    await this.stopEncoder();
    await Promise.allSettled([this.picture?.stop(), this.mix?.stop()]);
    this.picture = undefined;
    this.mix = undefined;
    rmSync(this.dir, { recursive: true, force: true });
    if (this.hlsDir) rmSync(this.hlsDir, { recursive: true, force: true });
  }
}
