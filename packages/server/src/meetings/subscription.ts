import type { StreamView, VideoLayerView, VideoSource } from '@moot/protocol';
import { LAYERS, chooseLayer, type Layer } from './layers.ts';
import type { Candidate, MediaRooms, OfferedStream, VideoSubscriber } from '../media/driver.ts';
import type { Logger } from '../log.ts';

const ANSWER_TIMEOUT_MS = 15_000;
/** How long a congested link keeps its video one layer lower after the last slow-link report. */
const CONGESTION_MS = 15_000;

export interface FeedInfo {
  participantId: string;
  source: VideoSource;
  /** Media reached the media server; only then can anyone subscribe to it. */
  up: boolean;
}

export interface SubscriptionDeps {
  rooms: MediaRooms;
  /** Whose subscription this is (the participant's id). */
  member: string;
  /** Resolves a feed id to whose stream it is; undefined when that feed has gone. */
  feed: (feedId: number) => FeedInfo | undefined;
  sendOffer: (sdp: string, streams: StreamView[]) => void;
  sendLayers: (layers: VideoLayerView[]) => void;
  log: Logger;
}

/**
 * One member's receiving PeerConnection: exactly the video tiles the browser shows, each at
 * the simulcast layer its size needs. Every change is a renegotiation the media server starts
 * with an offer; they run strictly one at a time, since a second offer before the browser's
 * answer would break the session.
 */
export class Subscription {
  private readonly subscriber: VideoSubscriber;
  /** Feeds subscribed now, with the subscriber-side mid each arrived on. */
  private mids = new Map<number, string>();
  private applied = new Map<number, Layer>();
  /** Feed → tile height the browser asked for. */
  private wanted = new Map<number, number>();
  private congestedUntil = 0;
  /** The last layers told to the browser, so an unchanged choice is not sent again. */
  private toldLayers = '';
  private queue: Promise<void> = Promise.resolve();
  private waitingAnswer: { sdp: string; streams: StreamView[]; resolve: (sdp: string) => void; reject: (e: Error) => void } | undefined;
  private closed = false;

  constructor(private deps: SubscriptionDeps) {
    this.subscriber = deps.rooms.openSubscriber(deps.member, {
      // Renegotiations the media server starts itself (a publisher left).
      offer: (sdp, streams) => this.enqueue(() => this.negotiate(sdp, streams)),
      slowLink: () => this.congested(),
    });
  }

  /** The tiles on screen changed: receive exactly these feeds at these heights. */
  setWanted(wanted: Map<number, number>): void {
    this.wanted = wanted;
    this.sync();
  }

  /** Brings the subscriber in line with what is wanted and available (a feed came up or went away). */
  sync(): void {
    this.enqueue(async () => {
      for (const gone of [...this.mids.keys()].filter((f) => !this.deps.feed(f))) this.forget(gone);
      const add = [...this.wanted.keys()].filter((f) => this.deps.feed(f)?.up && !this.mids.has(f));
      const drop = [...this.mids.keys()].filter((f) => !this.wanted.has(f));
      if (add.length > 0 || drop.length > 0) {
        const change = await this.subscriber.update(add, drop);
        for (const f of drop) this.forget(f);
        this.track(change.streams);
        if (change.sdp) await this.negotiate(change.sdp, change.streams);
      }
      await this.applyLayers();
    });
  }

  /** Losses towards this browser: lower its layers for a while. */
  congested(): void {
    const wasCongested = Date.now() < this.congestedUntil;
    this.congestedUntil = Date.now() + CONGESTION_MS;
    if (wasCongested) return;
    this.sync();
    setTimeout(() => this.sync(), CONGESTION_MS + 100).unref();
  }

  restartIce(): void {
    this.enqueue(async () => {
      const change = await this.subscriber.restartIce();
      if (change.sdp) await this.negotiate(change.sdp, change.streams);
    });
  }

  answer(sdp: string): boolean {
    if (!this.waitingAnswer) return false;
    this.waitingAnswer.resolve(sdp);
    return true;
  }

  /** After a reconnect the browser may have missed the pending offer: send it again. */
  resendPendingOffer(): void {
    if (this.waitingAnswer) this.deps.sendOffer(this.waitingAnswer.sdp, this.waitingAnswer.streams);
  }

  trickle(candidate: Candidate | null): Promise<void> {
    return this.subscriber.trickle(candidate);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waitingAnswer?.reject(new Error('subscription closed'));
    await this.subscriber.close();
  }

  private forget(feed: number): void {
    this.mids.delete(feed);
    this.applied.delete(feed);
  }

  private track(streams: OfferedStream[]): void {
    const present = new Set(streams.map((s) => s.feedId));
    for (const feed of [...this.mids.keys()]) if (!present.has(feed)) this.forget(feed);
    for (const s of streams) this.mids.set(s.feedId, s.mid);
  }

  private async applyLayers(): Promise<void> {
    const congested = Date.now() < this.congestedUntil;
    const layers: VideoLayerView[] = [];
    for (const [feed, mid] of this.mids) {
      const info = this.deps.feed(feed);
      // Screen shares are sent as one full-quality layer: they always get priority.
      if (!info || info.source !== 'camera') continue;
      const { layer, reason } = chooseLayer(this.wanted.get(feed) ?? 0, congested);
      if (this.applied.get(feed) !== layer) {
        await this.subscriber.setLayer(mid, layer);
        this.applied.set(feed, layer);
      }
      layers.push({ participantId: info.participantId, layer: LAYERS[layer], reason });
    }
    const told = JSON.stringify(layers);
    if (told === this.toldLayers) return;
    this.toldLayers = told;
    this.deps.sendLayers(layers);
  }

  private streamViews(streams: OfferedStream[]): StreamView[] {
    return streams.flatMap((s) => {
      const feed = this.deps.feed(s.feedId);
      return feed ? [{ mid: s.mid, participantId: feed.participantId, source: feed.source, kind: 'video' as const }] : [];
    });
  }

  private async negotiate(offer: string, offered: OfferedStream[]): Promise<void> {
    this.track(offered);
    const streams = this.streamViews(offered);
    const sdp = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the browser')), ANSWER_TIMEOUT_MS).unref();
      const settle = () => clearTimeout(timer);
      this.waitingAnswer = {
        sdp: offer,
        streams,
        resolve: (s) => (settle(), resolve(s)),
        reject: (e) => (settle(), reject(e)),
      };
      this.deps.sendOffer(offer, streams);
    }).finally(() => {
      this.waitingAnswer = undefined;
    });
    await this.subscriber.answer(sdp);
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch (err) {
        // A member who left takes their pending offer with them: nothing failed then.
        if (!this.closed) this.deps.log.warn({ err: (err as Error).message }, 'subscription step failed');
      }
    });
  }
}
