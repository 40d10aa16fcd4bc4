import { z } from 'zod';
import { ServerRole } from '@moot/protocol';

/** What one process hands another about a browser it relays: who knocked, as the receiving process checked it. */
const Knock = z.object({
  principal: z.discriminatedUnion('kind', [z.object({ kind: z.literal('user'), id: z.string(), role: ServerRole }), z.object({ kind: z.literal('anonymous') })]),
  guestKey: z.string(),
  address: z.string(),
  organizationId: z.string().optional(),
});

/** To the owning process's inbox: serve this browser. */
export const Open = z.object({ type: z.literal('open'), connId: z.string(), knock: Knock, sessionToken: z.string().optional() });

/** From the relaying process, on the connection's own channel. */
export const Up = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), text: z.string() }),
  /** The browser is still there (the relaying process pings it). */
  z.object({ type: z.literal('beat') }),
  z.object({ type: z.literal('close') }),
]);

/** From the owning process, on the connection's own channel. */
export const Down = z.discriminatedUnion('type', [
  /** Listening: the relayed messages may come. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('message'), text: z.string() }),
  z.object({ type: z.literal('close'), code: z.number().int(), reason: z.string() }),
]);

export type Up = z.infer<typeof Up>;
export type Down = z.infer<typeof Down>;
export type Open = z.infer<typeof Open>;
