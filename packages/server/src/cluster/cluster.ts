import { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '../log.ts';
import { randomId } from '../ids.ts';

/** Every key and channel moot writes starts with this, so a Redis shared with other programs stays tidy. */
const PREFIX = 'moot:';

/**
 * This server process's place among the others serving the same installation: one Redis
 * connection for commands and one for subscriptions (a subscribed ioredis connection takes no
 * other command).
 */
export class Cluster {
  /** This process, as other processes see it; new at every start. */
  readonly processId = randomId();
  readonly redis: Redis;
  private subscriber: Redis;
  private handlers = new Map<string, Set<(message: string) => void>>();

  constructor(
    url: string,
    private log: Logger,
    /** Where the other processes reach this one's HTTP, announced with its heartbeat. */
    readonly internalUrl: string,
  ) {
    // Commands fail fast while Redis is away instead of queueing: callers fall back or refuse.
    const options = { maxRetriesPerRequest: 1, connectTimeout: 3000, enableOfflineQueue: true };
    this.redis = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const [role, connection] of [
      ['commands', this.redis],
      ['subscriptions', this.subscriber],
    ] as const) {
      connection.on('error', (err: Error) => this.log.warn({ role, err: err.message }, 'redis connection failed'));
    }
    log.info({ processId: this.processId }, 'serving with the other processes of this installation through redis');
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
  }

  /** A key or channel name in moot's part of Redis. */
  key(...parts: string[]): string {
    return PREFIX + parts.join(':');
  }

  /** Calls `handler` with every message published on `channel` (by any process, this one too) until the returned function is called. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      await this.subscriber.subscribe(channel);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size > 0 || this.handlers.get(channel) !== set) return;
      this.handlers.delete(channel);
      await this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.redis.publish(channel, message);
  }

  async stop(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.redis.quit(), this.subscriber.quit()]);
  }
}

/** A message from another process, checked like any other input: undefined when it is not what `schema` says. */
export function parseMessage<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
