import type { StreamView, VideoLayerView, VideoSource } from '@moot/protocol';
import { LAYERS, chooseLayer, type Layer } from './layers.ts';
import type { JanusHandle, JanusSession, Jsep, PluginData } from '../media/janus-client.ts';
import type { Logger } from '../log.ts';

const ANSWER_TIMEOUT_MS = 15_000;
/** How long a congested link keeps its video one layer lower after Janus's last slow-link report. */
const CONGESTION_MS = 15_000;

export interface FeedInfo {
  participantId: string;
  source: VideoSource;
  /** Media reached Janus; only then can anyone subscribe to it. */
  up: boolean;
}

export interface SubscriptionDeps {
  session: JanusSession;
  janusRoom: number;
  /** Resolves a Janus feed id to whose stream it is; undefined when that feed has gone. */
  feed: (feedId: number) => FeedInfo | undefined;
  sendOffer: (sdp: string, streams: StreamView[]) => void;
  sendLayers: (layers: VideoLayerView[]) => void;
  log: Logger;
}

interface JanusStream {
  mid?: string;
  type?: string;
  feed_id?: number;
  active?: boolean;
}

/**
 * One participant's receiving PeerConnection on Janus: a single multistream subscriber handle
 * holding exactly the video tiles the browser shows, each at the simulcast layer its size
 * needs. Every change is a renegotiation Janus starts with an offer; they run strictly one at
 * a time, since a second offer before the browser's answer would break the session.
 */
export class Subscription {
  private handle: JanusHandle | undefined;
  /** Feeds subscribed now, with the subscriber-side mid each arrived on. */
  private mids = new Map<number, string>();
  private applied = new Map<number, Layer>();
  /** Feed → tile height the browser asked for. */
  private wanted = new Map<number, number>();
  private congestedUntil = 0;
  /** The last layers told to the browser, so an unchanged choice is not sent again. */
  private toldLayers = '';
  private queue: Promise<void> = Promise.resolve();
  private waitingAnswer: { offer: Jsep; streams: StreamView[]; resolve: (sdp: string) => void; reject: (e: Error) => void } | undefined;
  private closed = false;

  constructor(private deps: SubscriptionDeps) {}

  /** The tiles on screen changed: receive exactly these feeds at these heights. */
  setWanted(wanted: Map<number, number>): void {
    this.wanted = wanted;
    this.sync();
  }

  /** Brings Janus in line with what is wanted and available (a feed came up or went away). */
  sync(): void {
    this.enqueue(async () => {
      const target = [...this.wanted.keys()].filter((f) => this.deps.feed(f)?.up);
      const add = target.filter((f) => !this.mids.has(f));
      const drop = [...this.mids.keys()].filter((f) => !this.wanted.has(f) && this.deps.feed(f));
      for (const gone of [...this.mids.keys()].filter((f) => !this.deps.feed(f))) this.forget(gone);
      if (add.length > 0 || drop.length > 0) {
        let reply;
        if (this.handle) {
          reply = await this.handle.message({
            request: 'update',
            ...(add.length ? { subscribe: add.map((feed) => ({ feed })) } : {}),
            ...(drop.length ? { unsubscribe: drop.map((feed) => ({ feed })) } : {}),
          });
        } else if (add.length > 0) {
          reply = await this.join(add);
        }
        for (const f of drop) this.forget(f);
        if (reply) {
          this.readStreams(reply.data);
          if (reply.jsep) await this.negotiate(reply.jsep, reply.data);
        }
      }
      await this.applyLayers();
    });
  }

  /** Janus reported losses towards this browser: lower its layers for a while. */
  congested(): void {
    const wasCongested = Date.now() < this.congestedUntil;
    this.congestedUntil = Date.now() + CONGESTION_MS;
    if (wasCongested) return;
    this.sync();
    setTimeout(() => this.sync(), CONGESTION_MS + 100).unref();
  }

  private forget(feed: number): void {
    this.mids.delete(feed);
    this.applied.delete(feed);
  }

  private async applyLayers(): Promise<void> {
    if (!this.handle) return;
    const congested = Date.now() < this.congestedUntil;
    const layers: VideoLayerView[] = [];
    for (const [feed, mid] of this.mids) {
      const info = this.deps.feed(feed);
      // Screen shares are sent as one full-quality layer: they always get priority.
      if (!info || info.source !== 'camera') continue;
      const { layer, reason } = chooseLayer(this.wanted.get(feed) ?? 0, congested);
      if (this.applied.get(feed) !== layer) {
        await this.handle.message({ request: 'configure', streams: [{ mid, substream: layer }] });
        this.applied.set(feed, layer);
      }
      layers.push({ participantId: info.participantId, layer: LAYERS[layer], reason });
    }
    const told = JSON.stringify(layers);
    if (told === this.toldLayers) return;
    this.toldLayers = told;
    this.deps.sendLayers(layers);
  }

  restartIce(): void {
    this.enqueue(async () => {
      if (!this.handle) return;
      const reply = await this.handle.message({ request: 'configure', restart: true });
      if (reply.jsep) await this.negotiate(reply.jsep, reply.data);
    });
  }

  answer(sdp: string): boolean {
    if (!this.waitingAnswer) return false;
    this.waitingAnswer.resolve(sdp);
    return true;
  }

  /** After a reconnect the browser may have missed the pending offer: send it again. */
  resendPendingOffer(): void {
    if (this.waitingAnswer) this.deps.sendOffer(this.waitingAnswer.offer.sdp, this.waitingAnswer.streams);
  }

  trickle(candidate: Parameters<JanusHandle['trickle']>[0]): Promise<void> {
    return this.handle ? this.handle.trickle(candidate) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waitingAnswer?.reject(new Error('subscription closed'));
    await this.handle?.detach();
    this.handle = undefined;
  }

  private async join(feeds: number[]) {
    this.handle = await this.deps.session.attach('janus.plugin.videoroom');
    // Renegotiations Janus starts itself (a publisher left) arrive as events with an offer.
    this.handle.on('event', (data, jsep) => {
      if (jsep?.type !== 'offer') return;
      this.enqueue(async () => {
        this.readStreams(data);
        await this.negotiate(jsep, data);
      });
    });
    this.handle.on('slowlink', () => this.congested());
    return this.handle.message({ request: 'join', ptype: 'subscriber', room: this.deps.janusRoom, streams: feeds.map((feed) => ({ feed })) });
  }

  private activeStreams(data: PluginData): Required<Pick<JanusStream, 'mid' | 'feed_id'>>[] {
    const list = (data.streams as JanusStream[] | undefined) ?? [];
    return list.flatMap((s) =>
      s.active !== false && s.type === 'video' && s.mid !== undefined && s.feed_id !== undefined ? [{ mid: s.mid, feed_id: s.feed_id }] : [],
    );
  }

  private readStreams(data: PluginData): void {
    if (!Array.isArray(data.streams)) return;
    const active = this.activeStreams(data);
    const present = new Set(active.map((s) => s.feed_id));
    for (const feed of [...this.mids.keys()]) if (!present.has(feed)) this.forget(feed);
    for (const s of active) this.mids.set(s.feed_id, s.mid);
  }

  private streamViews(data: PluginData): StreamView[] {
    return this.activeStreams(data).flatMap((s) => {
      const feed = this.deps.feed(s.feed_id);
      return feed ? [{ mid: s.mid, participantId: feed.participantId, source: feed.source, kind: 'video' as const }] : [];
    });
  }

  private async negotiate(offer: Jsep, data: PluginData): Promise<void> {
    const streams = this.streamViews(data);
    const sdp = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the browser')), ANSWER_TIMEOUT_MS);
      this.waitingAnswer = {
        offer,
        streams,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.deps.sendOffer(offer.sdp, streams);
    }).finally(() => {
      this.waitingAnswer = undefined;
    });
    await this.handle?.message({ request: 'start' }, { type: 'answer', sdp });
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'subscription step failed');
      }
    });
  }
}
