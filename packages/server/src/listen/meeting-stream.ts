import type { Logger } from '../log.ts';
import type { RtpForward } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { Fanout, type Sink } from './fanout.ts';
import { OggPadding } from './padding.ts';
import { Remux } from './remux.ts';
import type { ListenTokens } from './tokens.ts';

/** After ffmpeg ended unasked, wait this long before the next one (a broken ffmpeg must not spin). */
const RESTART_DELAY_MS = 1000;

interface Pipeline {
  remux: Remux;
  forward: RtpForward | undefined;
}

/**
 * One meeting's mix for its listeners (a breakout room is a meeting with a mix of its own): while
 * at least one listener is in it, the media server forwards the mix to one ffmpeg, and its Ogg
 * pages go to every listener's open stream (one per listener: a newer request replaces the
 * older). The last listener out stops both.
 */
export class MeetingStream {
  private listeners = new Set<string>();
  private streams = new Map<string, Sink>();
  private fanout = new Fanout();
  private pipeline: Pipeline | undefined;
  /** Starts and stops run one after the other. */
  private work: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    readonly meeting: Meeting,
    private tokens: ListenTokens,
    private log: Logger,
  ) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  joined(participant: Participant): void {
    this.listeners.add(participant.id);
    this.update();
  }

  has(participantId: string): boolean {
    return this.listeners.has(participantId);
  }

  /** A listener's HTTP response becomes their stream, ending any earlier one of theirs. */
  attach(participantId: string, sink: Sink): void {
    const earlier = this.streams.get(participantId);
    if (earlier) this.fanout.remove(earlier);
    this.streams.set(participantId, sink);
    this.fanout.add(sink);
    this.update();
  }

  /** The listener's connection closed. */
  detach(participantId: string, sink: Sink): void {
    if (this.streams.get(participantId) !== sink) return;
    this.streams.delete(participantId);
    this.fanout.remove(sink);
  }

  left(participant: Participant): void {
    this.tokens.forget(participant.id);
    if (!this.listeners.delete(participant.id)) return;
    const sink = this.streams.get(participant.id);
    if (sink) this.detach(participant.id, sink);
    this.update();
  }

  mediaReset(): void {
    this.run(async () => {
      await this.stopPipeline();
      if (this.wanted()) await this.startPipeline();
    });
  }

  async end(): Promise<void> {
    this.ended = true;
    for (const id of this.listeners) this.tokens.forget(id);
    this.listeners.clear();
    this.update();
    await this.work;
  }

  private wanted(): boolean {
    return !this.ended && this.listeners.size > 0;
  }

  private update(): void {
    this.run(async () => {
      if (this.wanted() && !this.pipeline) await this.startPipeline();
      else if (!this.wanted() && this.pipeline) await this.stopPipeline();
    });
    if (!this.wanted()) clearTimeout(this.restartTimer);
  }

  private run(step: () => Promise<void>): void {
    this.work = this.work.then(step).catch((err: Error) => {
      // A meeting that ends while its stream starts takes its mix away under it: nothing failed then.
      if (this.ended) this.log.debug({ err: err.message }, 'the listeners’ stream stopped with its meeting');
      else this.log.error({ err: err.message }, 'the listeners’ stream failed');
    });
  }

  private async startPipeline(): Promise<void> {
    const padding = new OggPadding();
    const pipeline: Pipeline = {
      forward: undefined,
      remux: await Remux.start((await this.meeting.ensureMedia()).serverAddress, {
        page: (page) => {
          for (const padded of padding.pad(page)) this.fanout.push(padded);
        },
        died: (reason) => {
          if (this.pipeline !== pipeline) return;
          this.log.warn({ reason }, 'the listeners’ ffmpeg stopped; starting another');
          this.pipeline = undefined;
          this.closeStreams();
          void pipeline.forward?.stop().catch(() => undefined);
          clearTimeout(this.restartTimer);
          this.restartTimer = setTimeout(() => this.update(), RESTART_DELAY_MS);
        },
      }),
    };
    this.pipeline = pipeline;
    try {
      pipeline.forward = await this.meeting.forwardMix(pipeline.remux.target);
      this.log.info({ port: pipeline.remux.target.port }, 'forwarding the mix to the listeners’ stream');
    } catch (err) {
      this.pipeline = undefined;
      await pipeline.remux.stop();
      throw err;
    }
  }

  private async stopPipeline(): Promise<void> {
    const pipeline = this.pipeline;
    this.pipeline = undefined;
    this.closeStreams();
    if (!pipeline) return;
    // ffmpeg first: it notices its stop between two packets, so the mix must still be coming.
    await pipeline.remux.stop();
    await pipeline.forward?.stop().catch((err: Error) => this.log.warn({ err: err.message }, 'could not stop forwarding the mix'));
    this.log.info('the listeners’ stream stopped');
  }

  /** The Ogg stream ends for everyone; pages reach those who open it again. */
  private closeStreams(): void {
    this.streams.clear();
    this.fanout.close();
  }
}
