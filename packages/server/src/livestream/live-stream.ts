import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { RtpForward, VideoPublisher } from '../media/driver.ts';
import type { Meeting, ShownSlide } from '../meetings/meeting.ts';
import { renderPage } from '../slides/page-image.ts';
import type { Destination } from './destinations.ts';
import { cardArgs, encoderArgs, OPUS_PT, programSdp, startFfmpeg, VP8_PT } from './encoder.ts';
import { candidatesOf, chooseProgram, sameProgram, sameSlide, type ProgramSlide, type ProgramVideo } from './program.ts';
import { hlsTarget } from './hls.ts';
import { Pusher, type PushTarget } from './pusher.ts';
import { rtmpTarget } from './rtmp.ts';
import { RtpRelay } from './relay.ts';
import { SLIDE_SIZE, slideArgs } from './slide-source.ts';

/** Everything stays on this machine: the media server forwards to the encoder over loopback. */
const HOST = '127.0.0.1';
const TICK_MS = 1000;
/** A new speaker is shown only after the current one has been on for this long, so cross-talk does not flicker. */
const MIN_SHOT_MS = 2500;
/** The encoder binds its ports as it starts; video sent before that loses its first key frame. */
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

/** What the program shows now: a person's camera or screen, the presenter's page, or the room's card. */
type Shown =
  | { kind: 'person'; program: ProgramVideo; publisher: VideoPublisher; forward: RtpForward; since: number }
  | { kind: 'slide'; slide: ShownSlide; process: ChildProcess }
  | { kind: 'card'; process: ChildProcess };

const pageName = (slide: ShownSlide) => `slide-${slide.deckId}-${slide.page}`;

/**
 * One meeting's livestream while it runs: the mix and the program's video forwarded by the media
 * server, the encoder, and a pusher per destination. The video reaches the encoder through one
 * relay whatever its source (the speaker, the shared screen, a slide page, the card), so a change of picture
 * never restarts the encoder nor reconnects a destination.
 */
export class LiveStream {
  private dir: string;
  private relay: RtpRelay | undefined;
  private mix: RtpForward | undefined;
  private shown: Shown | undefined;
  private encoder: ChildProcess | undefined;
  private pushers: Pusher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Pages that could not be drawn: the program passes over them rather than trying every second. */
  private undrawable = new Set<string>();

  constructor(
    private meeting: Meeting,
    private destinations: Destination[],
    workRoot: string,
    private events: LiveStreamEvents,
    /** Where a presentation of the room is. */
    private slidePdf: (deckId: string) => string,
    private log: Logger,
    /** Where the HLS files go, when the room serves its stream as HLS too. */
    private hlsDir?: string,
  ) {
    this.dir = mkdtempSync(join(workRoot, 'live-'));
  }

  /** Rejects when the media server or ffmpeg cannot take part; nothing is left running then. */
  async start(): Promise<void> {
    try {
      const audioPort = await freeRtpPort();
      const videoPort = await freeRtpPort();
      writeFileSync(join(this.dir, 'program.sdp'), programSdp(audioPort, videoPort));
      writeFileSync(join(this.dir, 'card.txt'), this.meeting.options.roomName);
      this.relay = await RtpRelay.open(HOST, { host: HOST, port: videoPort }, randomInt(1, 2 ** 31));
      const rooms = await this.meeting.ensureMedia();
      this.mix = await rooms.forwardMix({ host: HOST, port: audioPort, payloadType: OPUS_PT });
      await this.startEncoder();
      await new Promise((resolve) => setTimeout(resolve, ENCODER_SETTLE_MS));
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

  private wanted(): { program: ProgramVideo; publisher: VideoPublisher } | ProgramSlide | undefined {
    const { roster, media } = this.meeting;
    const people = candidatesOf(roster.all(), media);
    const current = this.shown?.kind === 'person' ? this.shown.program : undefined;
    const slide = this.meeting.slide;
    const program = chooseProgram(people, current, slide && !this.undrawable.has(pageName(slide)) ? slide : undefined);
    if (program && 'slide' in program) return program;
    const publisher = program && media.publisherOf(program.participantId, program.source);
    return program && publisher ? { program, publisher } : undefined;
  }

  private async update(): Promise<void> {
    if (this.stopped) return;
    const next = this.wanted();
    const shown = this.shown;
    if (!next) {
      if (shown?.kind !== 'card') await this.showCard();
      return;
    }
    if ('slide' in next) {
      if (shown?.kind !== 'slide' || !sameSlide(shown.slide, next.slide)) await this.showSlide(next.slide);
      return;
    }
    if (shown?.kind === 'person') {
      if (sameProgram(next.program, shown.program) && next.publisher === shown.publisher) return;
      // A new speaker waits until the current one has been on a moment; a picture that is gone does not.
      const stillThere = this.meeting.media.publisherOf(shown.program.participantId, shown.program.source) === shown.publisher;
      const speakerChange = next.program.source === 'camera' && shown.program.source === 'camera';
      if (stillThere && speakerChange && Date.now() - shown.since < MIN_SHOT_MS) return;
    }
    await this.showPerson(next.program, next.publisher);
  }

  /**
   * The relay follows the new picture before it is asked for: the key frame the media server
   * requests for it may arrive before the request is answered. The old picture stops after.
   */
  private async showPerson(program: ProgramVideo, publisher: VideoPublisher): Promise<void> {
    const ssrc = randomInt(1, 2 ** 31);
    this.relay!.follow(ssrc);
    const forward = await publisher.forwardVideo({ host: HOST, port: this.relay!.port, payloadType: VP8_PT, ssrc });
    await this.hide(this.shown);
    this.shown = { kind: 'person', program, publisher, forward, since: Date.now() };
    this.log.debug({ participant: program.participantId, source: program.source }, 'livestream shows');
  }

  private async showCard(): Promise<void> {
    const ssrc = randomInt(1, 2 ** 31);
    this.relay!.follow(ssrc);
    const card = await startFfmpeg(cardArgs(join(this.dir, 'card.txt'), { host: HOST, port: this.relay!.port }, ssrc));
    card.stderr!.resume();
    await this.hide(this.shown);
    this.shown = { kind: 'card', process: card };
  }

  /** A page that cannot be drawn leaves the picture as it is; the next tick passes over it. */
  private async showSlide(slide: ShownSlide): Promise<void> {
    const image = await this.pageImage(slide);
    if (!image) return;
    const ssrc = randomInt(1, 2 ** 31);
    this.relay!.follow(ssrc);
    const process = await startFfmpeg(slideArgs(image, { host: HOST, port: this.relay!.port }, ssrc));
    process.stderr!.resume();
    await this.hide(this.shown);
    this.shown = { kind: 'slide', slide, process };
  }

  /** Each page is drawn once per stream, as recordings draw it. */
  private async pageImage(slide: ShownSlide): Promise<string | undefined> {
    const prefix = join(this.dir, pageName(slide));
    if (existsSync(`${prefix}.png`)) return `${prefix}.png`;
    const image = await renderPage(this.slidePdf(slide.deckId), slide, prefix, SLIDE_SIZE, this.log).catch((err: Error) => {
      this.log.warn({ err: err.message }, 'slide pages cannot be drawn for the livestream');
      return undefined;
    });
    if (!image) this.undrawable.add(pageName(slide));
    return image;
  }

  private async hide(shown: Shown | undefined): Promise<void> {
    if (shown?.kind === 'person') await shown.forward.stop();
    else shown?.process.kill('SIGTERM');
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

  /** After a crash: a new encoder, and the picture sent again so that it starts with a key frame. */
  private async restartEncoder(): Promise<void> {
    if (this.stopped) return;
    await this.startEncoder();
    await new Promise((resolve) => setTimeout(resolve, ENCODER_SETTLE_MS));
    const shown = this.shown;
    this.shown = undefined;
    await this.hide(shown);
    await this.update();
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
    clearInterval(this.timer);
    await this.busy;
    await this.stopEncoder();
    const shown = this.shown;
    this.shown = undefined;
    await Promise.allSettled([this.hide(shown), this.mix?.stop()]);
    this.mix = undefined;
    this.relay?.close();
    rmSync(this.dir, { recursive: true, force: true });
    if (this.hlsDir) rmSync(this.hlsDir, { recursive: true, force: true });
  }
}
