import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * moot behind a Tor onion service as well as on its public name. The same server answers both;
 * what differs is told by the Host a request names:
 * - an HTML page on the public name carries `Onion-Location`, so Tor Browser offers the onion
 *   address (it honours the header on HTTPS pages only);
 * - cookies set on the onion name are not `Secure`. The onion address is `http:`, and not every
 *   browser that reaches onion services counts it as a secure context (Tor Browser does, others
 *   drop a `Secure` cookie over `http:` and the person could never sign in). Tor already encrypts
 *   and authenticates the connection end to end, and a cookie is scoped to the host that set it,
 *   so a cookie of the onion name never travels to the public name, over plain HTTP or otherwise.
 */
export function onionService(app: FastifyInstance, onionUrl: string): void {
  const onion = new URL(onionUrl);
  const onOnion = (request: FastifyRequest) => request.host === onion.host || request.hostname === onion.hostname;
  app.addHook('onRequest', async (request, reply) => {
    if (!onOnion(request)) return;
    const setCookie = reply.setCookie.bind(reply);
    const clearCookie = reply.clearCookie.bind(reply);
    reply.setCookie = (name, value, options) => setCookie(name, value, { ...options, secure: false });
    reply.clearCookie = (name, options) => clearCookie(name, { ...options, secure: false });
  });
  app.addHook('onSend', async (request, reply) => {
    if (!onOnion(request) && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('onion-location', onion.origin + request.url);
  });
}
