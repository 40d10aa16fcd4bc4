import { randomInt } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { ProgramChannel, ProgramViewer, RtpForward, VideoPublisher } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { candidatesOf, chooseProgram, sameProgram, type ProgramVideo } from '../livestream/program.ts';
import { RtpRelay } from '../livestream/relay.ts';
import { OpusPackingRelay } from './opus-packing.ts';

/** The relay runs beside moot and the media server: loopback only. */
const HOST = '127.0.0.1';
const TICK_MS = 1000;
/**
 * A viewer who arrives mid-stream waits for a key frame; a fresh forwarder asks the sender for
 * one. Arrivals close together share one request, so a crowd joining does not flood the sender.
 */
const KEY_FRAME_EVERY_MS = 1500;

interface Shown {
  program: ProgramVideo;
  publisher: VideoPublisher;
  forward: RtpForward;
}

/**
 * A meeting's program for its audience while anyone is in it: the mix (three frames a packet:
 * opus-packing.ts) and the chosen picture (the shared screen, else the talking person's camera:
 * livestream/program.ts) forwarded into one broadcast channel of the media server, which sends
 * the same packets to every viewer.
 * The picture reaches the channel through one relay whatever its source, so viewers see a
 * single stream whose source changes rather than a new stream per speaker.
 */
export class Program {
  private shown: Shown | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastKeyFrame = 0;
  private keyFrameTimer: NodeJS.Timeout | undefined;

  private constructor(
    private meeting: Meeting,
    private channel: ProgramChannel,
    private mix: RtpForward,
    private audio: OpusPackingRelay,
    private relay: RtpRelay,
    /** Who may be shown (a stage event shows only its stage). */
    private shownAllowed: (participant: Participant) => boolean,
    private log: Logger,
  ) {}

  /** Rejects when the media server cannot take part; nothing is left running then. */
  static async start(meeting: Meeting, shownAllowed: (participant: Participant) => boolean, log: Logger): Promise<Program> {
    const rooms = await meeting.ensureMedia();
    const channel = await rooms.openProgram();
    let relay: RtpRelay | undefined;
    let audio: OpusPackingRelay | undefined;
    try {
      relay = await RtpRelay.open(HOST, channel.video, randomInt(1, 2 ** 31));
      audio = await OpusPackingRelay.open(HOST, channel.audio, randomInt(0, 2 ** 16));
      const mix = await rooms.forwardMix({ host: HOST, port: audio.port, payloadType: channel.audio.payloadType });
      const program = new Program(meeting, channel, mix, audio, relay, shownAllowed, log);
      program.serially(() => program.update());
      program.timer = setInterval(() => program.serially(() => program.update()), TICK_MS);
      log.info('the audience’s program started');
      return program;
    } catch (err) {
      relay?.close();
      audio?.close();
      await channel.destroy();
      throw err;
    }
  }

  /** A new viewer; the picture's sender is asked for a key frame so the viewer sees it soon. */
  async watch(): Promise<ProgramViewer> {
    const viewer = await this.channel.watch();
    this.askKeyFrame();
    return viewer;
  }

  /** Changes run one at a time: a tick must not move a forwarder the previous one is still moving. */
  private serially(work: () => Promise<void>): void {
    this.busy = this.busy.then(work).catch((err: unknown) => this.log.warn({ err: String(err) }, 'audience program change failed'));
  }

  private wanted(): { program: ProgramVideo; publisher: VideoPublisher } | undefined {
    const { roster, media } = this.meeting;
    const program = chooseProgram(candidatesOf(roster.all().filter(this.shownAllowed), media), this.shown?.program);
    const publisher = program && media.publisherOf(program.participantId, program.source);
    return program && publisher ? { program, publisher } : undefined;
  }

  private async update(): Promise<void> {
    if (this.stopped) return;
    const next = this.wanted();
    const shown = this.shown;
    if (!next) {
      this.shown = undefined;
      await shown?.forward.stop();
      return;
    }
    if (shown && sameProgram(next.program, shown.program) && next.publisher === shown.publisher) return;
    await this.show(next.program, next.publisher);
  }

  /** The relay follows the new forwarder before it starts: its first packet is the key frame asked for. */
  private async show(program: ProgramVideo, publisher: VideoPublisher): Promise<void> {
    const ssrc = randomInt(1, 2 ** 31);
    this.relay.follow(ssrc);
    const forward = await publisher.forwardVideo({ host: HOST, port: this.relay.port, payloadType: this.channel.video.payloadType, ssrc });
    const old = this.shown;
    this.shown = { program, publisher, forward };
    this.lastKeyFrame = Date.now();
    await old?.forward.stop();
  }

  private askKeyFrame(): void {
    if (this.keyFrameTimer || this.stopped) return;
    const wait = Math.max(0, this.lastKeyFrame + KEY_FRAME_EVERY_MS - Date.now());
    this.keyFrameTimer = setTimeout(() => {
      this.keyFrameTimer = undefined;
      this.serially(async () => {
        const shown = this.shown;
        if (shown && !this.stopped) await this.show(shown.program, shown.publisher);
      });
    }, wait);
  }

  /** Ends the forwarders and the channel (its viewers' connections close with it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.keyFrameTimer);
    await this.busy;
    const shown = this.shown;
    this.shown = undefined;
    await Promise.allSettled([shown?.forward.stop(), this.mix.stop()]);
    this.relay.close();
    this.audio.close();
    await this.channel.destroy();
    this.log.info('the audience’s program stopped');
  }
}
