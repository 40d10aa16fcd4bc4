import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { routes } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { registry, signInFailures } from '../../metrics/instruments.ts';
import { sendError } from '../errors.ts';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compared as digests, in constant time: the answer says nothing about how much of a guess was right. */
function bearerMatches(request: FastifyRequest, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * A scraper on this machine reaching the server's own port: a loopback socket with no proxy in
 * between. A reverse proxy on this machine also connects from loopback, but it adds
 * X-Forwarded-For (or Forwarded): its clients are not local, whatever the socket says.
 */
function directFromLoopback(request: FastifyRequest): boolean {
  const address = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const loopback = address === '::1' || address.startsWith('127.');
  return loopback && request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined;
}

function signInRefusal(status: number): string {
  if (status === 401) return 'invalid-credentials';
  if (status === 429) return 'rate-limited';
  return status < 500 ? 'bad-request' : 'internal';
}

/**
 * For the machines that watch the server: `/healthz` (the process answers), `/readyz` (it can
 * serve meetings: database and Janus reachable) and `/metrics` for Prometheus: open to a scraper
 * on this machine, and elsewhere only with the configured bearer token (without one it does not
 * exist for them).
 */
export function operationsRoutes(app: FastifyInstance, { config, db, media }: Services): void {
  app.get('/healthz', async () => ({ ok: true }));

  app.get('/readyz', async (_request, reply) => {
    const database = await sql`select 1`.execute(db).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const janus = media.state === 'up' ? 'up' : 'down';
    return reply.code(database === 'up' && janus === 'up' ? 200 : 503).send({ ok: database === 'up' && janus === 'up', database, janus });
  });

  app.get('/metrics', async (request, reply) => {
    const { token } = config.metrics;
    if (!directFromLoopback(request)) {
      if (!token) return sendError(reply, 'not-found');
      if (!bearerMatches(request, token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, 'unauthenticated', ['send the metrics token as "Authorization: Bearer <token>"']);
      }
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  // Every refused sign-in, whatever refused it (the password check, the rate limit, the schema).
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && request.routeOptions.url === routes.session && reply.statusCode >= 400) {
      signInFailures.inc({ reason: signInRefusal(reply.statusCode) });
    }
  });
}
