import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { RtpForward, RtpTarget, VideoPublisher } from '../media/driver.ts';
import type { Meeting, ShownPage } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { renderPage } from '../slides/page-image.ts';
import { cardArgs, startFfmpeg } from './encoder.ts';
import { candidatesOf, chooseProgram, sameProgram, sameSlide, type ProgramSlide, type ProgramVideo } from './program.ts';
import { RtpRelay } from './relay.ts';
import { SLIDE_SIZE, slideArgs } from './slide-source.ts';

/** Everything stays on this machine: the media server and ffmpeg send to the relay over loopback. */
const TICK_MS = 1000;
/** A new speaker is shown only after the current one has been on for this long, so cross-talk does not flicker. */
const MIN_SHOT_MS = 2500;
/**
 * A fresh forwarder makes the media server ask the sender for a key frame. Requests close
 * together (a crowd arriving) share one, so they do not flood the sender.
 */
const KEY_FRAME_EVERY_MS = 1500;

/** Where the picture goes: VP8 RTP with this payload type. */
export type PictureTarget = Required<Pick<RtpTarget, 'host' | 'port' | 'payloadType'>>;

/** What the picture shows now: a person's camera or screen, the presenter's page, or the room's card. */
type Shown =
  | { kind: 'person'; program: ProgramVideo; publisher: VideoPublisher; forward: RtpForward; since: number }
  | { kind: 'slide'; slide: ShownPage; process: ChildProcess }
  | { kind: 'card'; process: ChildProcess };

const pageName = (slide: ShownPage) => `slide-${slide.deckId}-${slide.page}`;

/**
 * The meeting's program picture, the same for its livestream and its audience: the shared
 * screen, else the presenter's page, else the camera of the person talking (`program.ts`
 * chooses, every second), else the room's card. Whatever the source (a forwarder of the media
 * server, or an ffmpeg drawing a page or the card), it reaches the target through one relay, so
 * the receiver sees a single VP8 stream whose source changes. A stage event's backstage and
 * audience are never shown.
 */
export class ProgramPicture {
  private relay: RtpRelay | undefined;
  private shown: Shown | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Pages that could not be drawn: the picture passes over them rather than trying every second. */
  private undrawable = new Set<string>();
  private lastKeyFrame = 0;
  private keyFrameTimer: NodeJS.Timeout | undefined;
  private readonly dir: string;

  private constructor(
    private meeting: Meeting,
    private target: PictureTarget,
    workRoot: string,
    private log: Logger,
  ) {
    this.dir = mkdtempSync(join(workRoot, 'picture-'));
    writeFileSync(join(this.dir, 'card.txt'), meeting.options.roomName);
  }

  /** Starts with the first choice made; rejects when nothing can be sent, leaving nothing running. */
  static async start(meeting: Meeting, target: PictureTarget, workRoot: string, log: Logger): Promise<ProgramPicture> {
    const picture = new ProgramPicture(meeting, target, workRoot, log);
    try {
      // The sources (a publisher's forward, the card's and slides' encoder) send to this server's address as the media server reaches it.
      picture.relay = await RtpRelay.open((await meeting.ensureMedia()).serverAddress, target, randomInt(1, 2 ** 31));
      await picture.update();
    } catch (err) {
      await picture.stop();
      throw err;
    }
    picture.timer = setInterval(() => picture.serially(() => picture.update()), TICK_MS);
    return picture;
  }

  /**
   * A receiver needs a key frame (a new viewer, a restarted encoder): a person's picture gets a
   * fresh forwarder, at most one every 1.5 s; pages and the card send one every second anyway.
   */
  freshKeyFrame(): void {
    if (this.keyFrameTimer || this.stopped) return;
    const wait = Math.max(0, this.lastKeyFrame + KEY_FRAME_EVERY_MS - Date.now());
    this.keyFrameTimer = setTimeout(() => {
      this.keyFrameTimer = undefined;
      this.serially(async () => {
        const shown = this.shown;
        if (shown?.kind === 'person' && !this.stopped) await this.showPerson(shown.program, shown.publisher);
      });
    }, wait);
  }

  /** Changes run one at a time: a tick must not move a forwarder the previous one is still moving. */
  private serially(work: () => Promise<void>): void {
    this.busy = this.busy.then(work).catch((err: unknown) => this.log.warn({ err: String(err) }, 'program picture change failed'));
  }

  private wanted(): { program: ProgramVideo; publisher: VideoPublisher } | ProgramSlide<ShownPage> | undefined {
    const { roster, media, stage } = this.meeting;
    const shows = (p: Participant) => !p.audience && (stage?.showsCamera(p) ?? true);
    const current = this.shown?.kind === 'person' ? this.shown.program : undefined;
    const slide = this.meeting.slide;
    const program = chooseProgram(candidatesOf(roster.all().filter(shows), media), current, slide && !this.undrawable.has(pageName(slide)) ? slide : undefined);
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
    const ssrc = this.follow();
    const forward = await publisher.forwardVideo({ ...this.relayAddress(), payloadType: this.target.payloadType, ssrc });
    const since = this.shown?.kind === 'person' && sameProgram(this.shown.program, program) ? this.shown.since : Date.now();
    await this.hide(this.shown);
    this.shown = { kind: 'person', program, publisher, forward, since };
    this.lastKeyFrame = Date.now();
    this.log.debug({ participant: program.participantId, source: program.source }, 'the program shows');
  }

  private async showCard(): Promise<void> {
    const ssrc = this.follow();
    const process = await startFfmpeg(cardArgs(join(this.dir, 'card.txt'), { ...this.relayAddress(), payloadType: this.target.payloadType }, ssrc));
    process.stderr!.resume();
    await this.hide(this.shown);
    this.shown = { kind: 'card', process };
  }

  /** A page that cannot be drawn leaves the picture as it is; the next tick passes over it. */
  private async showSlide(slide: ShownPage): Promise<void> {
    const image = await this.pageImage(slide);
    if (!image || this.stopped) return;
    const ssrc = this.follow();
    const process = await startFfmpeg(slideArgs(image, { ...this.relayAddress(), payloadType: this.target.payloadType }, ssrc));
    process.stderr!.resume();
    await this.hide(this.shown);
    this.shown = { kind: 'slide', slide, process };
  }

  /** From now on the relay passes only the new source's packets. */
  private follow(): number {
    const ssrc = randomInt(1, 2 ** 31);
    this.relay!.follow(ssrc);
    return ssrc;
  }

  private relayAddress(): { host: string; port: number } {
    return { host: this.relay!.host, port: this.relay!.port };
  }

  /** Each page is drawn once per picture, as recordings draw it. */
  private async pageImage(slide: ShownPage): Promise<string | undefined> {
    const prefix = join(this.dir, pageName(slide));
    if (existsSync(`${prefix}.png`)) return `${prefix}.png`;
    const image = await renderPage(slide.pdf, slide, prefix, SLIDE_SIZE, this.log).catch((err: Error) => {
      this.log.warn({ err: err.message }, 'slide pages cannot be drawn for the program');
      return undefined;
    });
    if (!image) this.undrawable.add(pageName(slide));
    return image;
  }

  private async hide(shown: Shown | undefined): Promise<void> {
    if (shown?.kind === 'person') await shown.forward.stop();
    else shown?.process.kill('SIGTERM');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.keyFrameTimer);
    await this.busy;
    const shown = this.shown;
    this.shown = undefined;
    await this.hide(shown).catch(() => undefined);
    this.relay?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
