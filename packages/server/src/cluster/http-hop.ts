import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';
import { ServerKey } from '../recordings/keys.ts';
import { keyFilePath } from '../recordings/service.ts';
import { HopSignature, type Hop } from './hop-signature.ts';

/** Set by the passing process: the signature over the request and the client's address. */
const HOP_HEADER = 'x-moot-hop';
const CLIENT_HEADER = 'x-moot-client';

/** Names the room whose live meeting a request is about (undefined: none, answer here). */
export type MeetingOf = (request: FastifyRequest) => string | undefined | Promise<string | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The request is answered by the process that runs the meeting this names. */
    meetingOwner?: MeetingOf;
  }
}

export const atMeetingOwner = (meetingOf: MeetingOf) => ({ meetingOwner: meetingOf });

/** The room in the path's `:id`. */
export const roomInPath: MeetingOf = (request) => (request.params as { id?: string }).id;

/** Where the other processes reach this one: configured, or this process's own listening address. */
export function internalUrl(config: Config): string {
  if (config.cluster.internalUrl) return config.cluster.internalUrl;
  const host = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
}

/** The installation's key for requests between its processes, derived from the recordings key every process has. */
export function hopSignature(config: Config): HopSignature {
  return new HopSignature(ServerKey.open(keyFilePath(config)).key.derive('requests passed between server processes'));
}

/** Requests that came signed from another process of the installation. */
const fromProcesses = new WeakSet<FastifyRequest>();

export const fromAnotherProcess = (request: FastifyRequest) => fromProcesses.has(request);

/** The headers that make a request from this process one the others believe. */
export function signedHeaders(signature: HopSignature, hop: Hop): Record<string, string> {
  return { [HOP_HEADER]: signature.sign(hop), [CLIENT_HEADER]: hop.client };
}

const hopOf = (request: FastifyRequest, client: string): Hop => ({ client, method: request.method, host: request.headers.host ?? '', url: request.originalUrl });

/**
 * HTTP about a live meeting goes to the process that runs it, in one hop: a route whose config
 * names its meeting (`atMeetingOwner`) is passed, body and answer streamed, to the owner's
 * internal address when another live process owns it. The passed request carries a signature
 * with the client's address; the owner serves a signed request itself, whatever changed
 * meanwhile, and counts it against that address. Unsigned or badly signed, those headers are
 * nobody's word: the request is handled as any other.
 */
export async function registerMeetingHop(app: FastifyInstance, { config, shared }: Pick<Services, 'config' | 'shared'>): Promise<void> {
  if (!shared.cluster) return;
  const signature = hopSignature(config);
  await app.register(replyFrom, { disableRequestLogging: true });
  app.addHook('onRequest', async (request, reply) => {
    const signed = request.headers[HOP_HEADER];
    const client = request.headers[CLIENT_HEADER];
    if (typeof signed === 'string' && typeof client === 'string' && signature.verifies(signed, hopOf(request, client))) {
      Object.defineProperty(request, 'ip', { value: client });
      fromProcesses.add(request);
      return;
    }
    const meetingOf = request.routeOptions.config.meetingOwner;
    const roomId = meetingOf && (await meetingOf(request));
    const owner = roomId && (await shared.elsewhere(roomId));
    if (!owner) return;
    // Not parsed here: the body streams through as it arrives.
    if (request.method !== 'GET' && request.method !== 'HEAD') request.body = request.raw;
    return reply.from(owner + request.originalUrl, {
      // The owner sees the address the client reached (organizations are told apart by it).
      rewriteRequestHeaders: (_req, headers) => ({ ...headers, host: request.headers.host, ...signedHeaders(signature, hopOf(request, request.ip)) }),
      // The owner answered: its answer stands, a 503 included.
      retryDelay: () => null,
    });
  });
}
