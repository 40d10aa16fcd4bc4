import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { RtpForward, VideoPublisher } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Destination } from './destinations.ts';
import { encoderArgs, OPUS_PT, programSdp, startEncoder, VP8_PT } from './encoder.ts';
import { chooseProgram, sameProgram, type ProgramVideo } from './program.ts';
import { Pusher } from './pusher.ts';
import { RtpRelay } from './relay.ts';

/** Everything stays on this machine: the media server forwards to the encoder over loopback. */
const HOST = '127.0.0.1';
const TICK_MS = 1000;
/** A new speaker is shown only after the current one has been on for this long, so cross-talk does not flicker. */
const MIN_SHOT_MS = 2500;
/** The encoder binds its ports as it starts; forwarding before that loses the first key frame. */
const ENCODER_SETTLE_MS = 1000;
const ENCODER_RESTART_MS = 2000;

export interface LiveStreamEvents {
  destinationFailing(name: string, retryInSeconds: number): void;
  destinationBack(name: string): void;
}

/** Two consecutive free UDP ports (RTP, then RTCP as ffmpeg expects), the first even. */
async function freeRtpPort(): Promise<number> {
  for (;;) {
    const probe = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      probe.once('error', reject);
      probe.bind(0, HOST, () => resolve(probe.address().port));
    });
    probe.close();
    if (port % 2 !== 0 || port > 65534) continue;
    const rtcp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      rtcp.once('error', () => resolve(false));
      rtcp.bind(port + 1, HOST, () => resolve(true));
    });
    if (free) rtcp.close();
    if (free) return port;
  }
}

/**
 * One meeting's livestream while it runs: the mix and the program's video forwarded by the
 * media server, the encoder, and a pusher per destination. The video follows the speaker by
 * moving the forwarder (the encoder keeps running); it restarts only between video and the card.
 */
export class LiveStream {
  private dir: string;
  private audioPort = 0;
  private videoPort = 0;
  private relay: RtpRelay | undefined;
  private mix: RtpForward | undefined;
  private video: { program: ProgramVideo; publisher: VideoPublisher; forward: RtpForward; since: number } | undefined;
  private encoder: ChildProcess | undefined;
  private mode: 'video' | 'card' | undefined;
  private pushers: Pusher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private meeting: Meeting,
    private destinations: Destination[],
    workRoot: string,
    private events: LiveStreamEvents,
    private log: Logger,
  ) {
    this.dir = mkdtempSync(join(workRoot, 'live-'));
  }

  /** Rejects when the media server or ffmpeg cannot take part; nothing is left running then. */
  async start(): Promise<void> {
    try {
      this.audioPort = await freeRtpPort();
      this.videoPort = await freeRtpPort();
      writeFileSync(join(this.dir, 'video.sdp'), programSdp(this.audioPort, this.videoPort));
      writeFileSync(join(this.dir, 'audio.sdp'), programSdp(this.audioPort));
      writeFileSync(join(this.dir, 'card.txt'), this.meeting.options.roomName);
      this.relay = await RtpRelay.open(HOST, { host: HOST, port: this.videoPort }, randomInt(1, 2 ** 31));
      const rooms = await this.meeting.ensureMedia();
      this.mix = await rooms.forwardMix({ host: HOST, port: this.audioPort, payloadType: OPUS_PT });
      await this.update();
      this.timer = setInterval(() => this.serially(() => this.update()), TICK_MS);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Changes run one at a time: a tick must not move a forwarder the previous tick is still moving. */
  private serially(work: () => Promise<void>): void {
    this.busy = this.busy.then(work).catch((err: unknown) => this.log.warn({ err: String(err) }, 'livestream program change failed'));
  }

  private wanted(): { program: ProgramVideo; publisher: VideoPublisher } | undefined {
    const { roster, media } = this.meeting;
    const people = roster.all().map((p) => ({
      id: p.id,
      lastSpokeAt: p.lastSpokeAt,
      camera: !p.videoMuted && media.publisherOf(p.id, 'camera') !== undefined,
      screen: media.publisherOf(p.id, 'screen') !== undefined,
    }));
    const program = chooseProgram(people, this.video?.program);
    const publisher = program && media.publisherOf(program.participantId, program.source);
    return program && publisher ? { program, publisher } : undefined;
  }

  private async update(): Promise<void> {
    if (this.stopped) return;
    const next = this.wanted();
    const current = this.video;
    const unchanged = next && current && sameProgram(next.program, current.program) && next.publisher === current.publisher;
    if (unchanged || (!next && this.mode === 'card')) return;
    // Keep the shot a moment, unless it is gone (left, camera off, screen stopped).
    const currentGone = !current || !this.meeting.media.publisherOf(current.program.participantId, current.program.source) || current.publisher !== this.meeting.media.publisherOf(current.program.participantId, current.program.source);
    if (current && next && !currentGone && next.program.source === 'camera' && current.program.source === 'camera' && Date.now() - current.since < MIN_SHOT_MS) return;
    if (next) await this.show(next.program, next.publisher);
    else await this.showCard();
  }

  private async show(program: ProgramVideo, publisher: VideoPublisher): Promise<void> {
    const previous = this.video;
    this.video = undefined;
    await previous?.forward.stop();
    if (this.mode !== 'video') await this.restartEncoder('video');
    const ssrc = randomInt(1, 2 ** 31);
    this.relay!.follow(ssrc);
    const forward = await publisher.forwardVideo({ host: HOST, port: this.relay!.port, payloadType: VP8_PT, ssrc });
    this.video = { program, publisher, forward, since: Date.now() };
    this.log.debug({ participant: program.participantId, source: program.source }, 'livestream shows');
  }

  private async showCard(): Promise<void> {
    const previous = this.video;
    this.video = undefined;
    await previous?.forward.stop();
    await this.restartEncoder('card');
  }

  private async restartEncoder(mode: 'video' | 'card'): Promise<void> {
    this.stopEncoder();
    this.mode = mode;
    const sdp = join(this.dir, mode === 'video' ? 'video.sdp' : 'audio.sdp');
    const encoder = await startEncoder(encoderArgs(sdp, mode === 'card' ? join(this.dir, 'card.txt') : undefined));
    this.encoder = encoder;
    let errors = '';
    encoder.stderr!.setEncoding('utf8').on('data', (d: string) => (errors = (errors + d).slice(-2000)));
    // Pushers start with the encoder: a destination must not see time stamps jump backwards.
    this.pushers = this.destinations.map(
      (d) =>
        new Pusher(
          d,
          { failing: (retryIn) => this.events.destinationFailing(d.name, retryIn), back: () => this.events.destinationBack(d.name) },
          this.log,
        ),
    );
    for (const pusher of this.pushers) pusher.start();
    encoder.stdout!.on('data', (chunk: Buffer) => {
      for (const pusher of this.pushers) pusher.write(chunk);
    });
    encoder.once('close', (code) => {
      if (this.encoder !== encoder || this.stopped) return;
      this.log.error({ code, ffmpeg: errors.trim() }, 'livestream encoder stopped; starting it again');
      this.encoder = undefined;
      this.mode = undefined;
      setTimeout(() => this.serially(() => this.restartAll()), ENCODER_RESTART_MS);
    });
    // The encoder now listens: the video forwarder (re)starts so its first key frame reaches it.
    if (mode === 'video') await new Promise((resolve) => setTimeout(resolve, ENCODER_SETTLE_MS));
  }

  private async restartAll(): Promise<void> {
    if (this.stopped) return;
    const previous = this.video;
    this.video = undefined;
    await previous?.forward.stop();
    await this.update();
  }

  private stopEncoder(): void {
    for (const pusher of this.pushers) pusher.stop();
    this.pushers = [];
    const encoder = this.encoder;
    this.encoder = undefined;
    encoder?.kill('SIGTERM');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.busy;
    this.stopEncoder();
    await Promise.allSettled([this.video?.forward.stop(), this.mix?.stop()]);
    this.video = undefined;
    this.mix = undefined;
    this.relay?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
