import type { StreamView } from '@moot/protocol';
import type { JanusHandle, JanusSession, Jsep, PluginData } from '../media/janus-client.ts';
import type { Logger } from '../log.ts';

const ANSWER_TIMEOUT_MS = 15_000;

export interface FeedInfo {
  participantId: string;
  source: 'camera' | 'screen';
}

export interface SubscriptionDeps {
  session: JanusSession;
  janusRoom: number;
  /** Resolves a Janus feed id to whose stream it is; undefined when that feed has gone. */
  feed: (feedId: number) => FeedInfo | undefined;
  sendOffer: (sdp: string, streams: StreamView[]) => void;
  log: Logger;
}

interface JanusStream {
  mid?: string;
  type?: string;
  feed_id?: number;
  active?: boolean;
}

/**
 * One participant's receiving PeerConnection on Janus: a single multistream subscriber handle.
 * Every change (new feeds, feeds gone, ICE restart) is a renegotiation Janus starts with an
 * offer; they run strictly one at a time, since a second offer before the browser's answer
 * would break the session.
 */
export class Subscription {
  private handle: JanusHandle | undefined;
  private feeds = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private waitingAnswer: { offer: Jsep; streams: StreamView[]; resolve: (sdp: string) => void; reject: (e: Error) => void } | undefined;
  private closed = false;

  constructor(private deps: SubscriptionDeps) {}

  /** Starts receiving the given feeds (ignores the ones already received). */
  add(feedIds: number[]): void {
    this.enqueue(async () => {
      const fresh = feedIds.filter((f) => !this.feeds.has(f) && this.deps.feed(f));
      if (fresh.length === 0) return;
      for (const f of fresh) this.feeds.add(f);
      const streams = fresh.map((feed) => ({ feed }));
      const reply = this.handle
        ? await this.handle.message({ request: 'update', subscribe: streams })
        : await this.join(streams);
      if (reply.jsep) await this.negotiate(reply.jsep, reply.data);
    });
  }

  /** A feed left the room: Janus itself renegotiates the subscribers, we only forget it. */
  remove(feedId: number): void {
    this.feeds.delete(feedId);
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

  private async join(streams: { feed: number }[]) {
    this.handle = await this.deps.session.attach('janus.plugin.videoroom');
    // Renegotiations Janus starts itself (a publisher left) arrive as events with an offer.
    this.handle.on('event', (data, jsep) => {
      if (jsep?.type === 'offer') this.enqueue(() => this.negotiate(jsep, data));
    });
    return this.handle.message({ request: 'join', ptype: 'subscriber', room: this.deps.janusRoom, streams });
  }

  private streamViews(data: PluginData): StreamView[] {
    const list = (data.streams as JanusStream[] | undefined) ?? [];
    return list.flatMap((s) => {
      if (s.active === false || s.mid === undefined || s.feed_id === undefined) return [];
      if (s.type !== 'audio' && s.type !== 'video') return [];
      const feed = this.deps.feed(s.feed_id);
      return feed ? [{ mid: s.mid, participantId: feed.participantId, source: feed.source, kind: s.type }] : [];
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
