import { z } from 'zod';
import type { Cluster } from '../cluster/cluster.ts';
import { PROMPT_NAMES } from './prompts.ts';

/** What a call's hand-over uses of the processes' Redis. */
export type CallBus = Pick<Cluster, 'processId' | 'key' | 'subscribe' | 'publish'>;

/**
 * To the inbox of the process that runs the meeting: have this caller, whose call another process
 * holds, in the room's meeting. `mixer` is where that process takes the call's mix.
 */
export const CallOffer = z.object({
  type: z.literal('call'),
  connId: z.string(),
  roomId: z.string(),
  caller: z.object({ number: z.string().optional(), address: z.string() }),
  mixer: z.object({ host: z.string(), port: z.number().int().min(1).max(65535), payloadType: z.number().int().min(0).max(127), codec: z.literal('opus') }),
});

/** From the process holding the call, on the call's own channel. */
export const FromCall = z.discriminatedUnion('type', [
  z.object({ type: z.literal('key'), key: z.string().regex(/^[0-9*#A-D]$/) }),
  z.object({ type: z.literal('talking'), talking: z.boolean() }),
  /** The prompt asked for with this number has played (or was hushed). */
  z.object({ type: z.literal('said'), seq: z.number().int() }),
  /** The caller hung up. */
  z.object({ type: z.literal('ended') }),
  z.object({ type: z.literal('beat') }),
]);

/** From the process running the meeting, on the call's own channel. */
export const ToCall = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), prompt: z.enum(PROMPT_NAMES), seq: z.number().int() }),
  z.object({ type: z.literal('hush') }),
  /** The caller's seat in the mix: send the caller's audio there. */
  z.object({ type: z.literal('connect'), host: z.string(), port: z.number().int().min(1).max(65535) }),
  z.object({ type: z.literal('hangUp') }),
  z.object({ type: z.literal('beat') }),
]);

export type CallOffer = z.infer<typeof CallOffer>;
export type FromCall = z.infer<typeof FromCall>;
export type ToCall = z.infer<typeof ToCall>;
