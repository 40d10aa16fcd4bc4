import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyError, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { errorBody } from '@moot/protocol';
import type { Services } from '../services.ts';
import { Connection, MAX_CONNECTIONS_PER_ADDRESS } from '../signaling/hub.ts';
import type { Serve } from '../cluster/shared.ts';
import { registerMeetingHop } from '../cluster/http-hop.ts';
import { checkOrigin, currentUser, guestKey, principalOf } from './auth.ts';
import { SESSION_COOKIE } from '../accounts/sessions.ts';
import type { Principal } from '../policy/policy.ts';
import { HttpError, sendError } from './errors.ts';
import { RecordingKeyMissingError } from '../recordings/keys.ts';
import { sessionRoutes } from './routes/session.ts';
import { roomRoutes } from './routes/rooms.ts';
import { adminRoutes } from './routes/admin.ts';
import { orgAdminRoutes, orgBrandingRoutes } from './routes/org-admin.ts';
import { operatorRoutes } from './routes/operator.ts';
import { recordingRoutes } from './routes/recordings.ts';
import { sharedRecordingRoutes } from './routes/shared-recordings.ts';
import { registerAccounts } from './routes/accounts.ts';
import { legacyPathRoutes } from './routes/legacy-paths.ts';
import { bbbRoutes } from '../bbb/routes.ts';
import { pollRoutes } from '../polls/routes.ts';
import { Breakouts } from '../breakouts/breakouts.ts';
import { slidesRoutes } from '../slides/routes.ts';
import { registerCollab } from '../collab/routes.ts';
import { livestreamRoutes } from '../livestream/routes.ts';
import { ssoRoutesPlugin } from '../sso/routes.ts';
import { registerOrgIdentity } from '../orgs/identity-routes.ts';
import { registerOrgLdap } from '../orgs/ldap-routes.ts';
import { registerListen } from '../listen/routes.ts';
import { onionService } from './onion.ts';
import { isOrganizationOrigin, requestOrganization, stripOrganizationPrefix } from '../orgs/resolve.ts';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const PERMISSIONS_POLICY = ['camera', 'microphone', 'display-capture', 'fullscreen', 'picture-in-picture', 'screen-wake-lock'].map((feature) => `${feature}=(self)`).join(', ');

export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, log, db, media, meetings, admission, moderation, recordings, liveSessions } = services;
  const app = Fastify({
    loggerInstance: log.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Only the configured proxies: Fastify then takes the right-most address they did not add themselves.
    trustProxy: config.http.trustProxy.length ? config.http.trustProxy : false,
    bodyLimit: 64 * 1024,
    // /o/<slug>/… is routed as /…; orgs/resolve.ts remembers which organization it named.
    rewriteUrl: stripOrganizationPrefix,
  });
  /** The public URL's origin, the onion service's, or an organization's own domain. */
  const originAllowed = async (request: FastifyRequest) =>
    checkOrigin(request, config.http.publicUrl, config.http.onionUrl) || (await isOrganizationOrigin(db, request.headers.origin, config.http.publicUrl));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // 'self' covers the page's own ws:/wss: origin (CSP 3); no other host is reachable.
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        upgradeInsecureRequests: null,
      },
    },
    permittedCrossDomainPolicies: false,
  });
  // Camera, microphone and screen capture for this origin only, never for a frame of another site.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
  if (config.http.onionUrl) onionService(app, config.http.onionUrl);
  // Before the limits: a request passed on is counted by the process that answers it, for its client.
  await registerMeetingHop(app, services);
  // With Redis the limits (sign-in attempts above all) hold across the installation's processes.
  const sharedLimits = services.shared.cluster && { redis: services.shared.cluster.redis, nameSpace: services.shared.cluster.key('rate-limit', '') };
  await app.register(rateLimit, { global: false, ...sharedLimits, errorResponseBuilder: () => ({ statusCode: 429, ...errorBody('rate-limited') }) });
  await app.register(websocket, {
    options: { maxPayload: 1024 * 1024 },
    // A client breaking the WebSocket protocol (a frame above the limit, text that is not UTF-8)
    // is the client's fault: not an error of the server, and no way for anyone to fill its error log.
    errorHandler: (error, socket, request) => {
      if (String((error as { code?: unknown }).code).startsWith('WS_ERR_')) request.log.info({ err: error.message }, 'websocket protocol error from the client');
      else request.log.error(error);
      socket.terminate();
    },
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error.code, error.details);
    if (error instanceof RecordingKeyMissingError) return sendError(reply, 'recording-key-missing');
    if (error.statusCode === 429) return reply.code(429).send(errorBody('rate-limited'));
    if (error.statusCode === 413) return sendError(reply, 'message-too-large');
    if (error.statusCode && error.statusCode < 500) return sendError(reply, 'bad-request', [error.message]);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 'internal');
  });

  app.addHook('onRequest', async (request, reply) => {
    // Identity providers post their answers from their own pages (or servers): those routes check signatures instead.
    const crossSite = (request.routeOptions.config as { crossSite?: boolean } | undefined)?.crossSite === true;
    if (request.method !== 'GET' && request.method !== 'HEAD' && !crossSite && !(await originAllowed(request))) {
      return sendError(reply, 'forbidden', ['cross-site request refused']);
    }
  });

  app.get('/api/health', async () => ({ ok: true, janus: media.state === 'up' ? 'up' : 'down' }));

  sessionRoutes(app, services);
  roomRoutes(app, services);
  adminRoutes(app, services);
  orgAdminRoutes(app, services);
  orgBrandingRoutes(app, services);
  operatorRoutes(app, services);
  recordingRoutes(app, services);
  sharedRecordingRoutes(app, services);
  registerAccounts(app, services);
  legacyPathRoutes(app, services);
  await bbbRoutes(app, services);
  const polls = pollRoutes(app, services);
  const breakouts = new Breakouts(log.child({ part: 'breakouts' }));
  const slides = await slidesRoutes(app, services);
  const collab = registerCollab(app, services);
  const livestreams = livestreamRoutes(app, services);
  registerOrgIdentity(app, services, await ssoRoutesPlugin(app, services));
  registerOrgLdap(app, services);
  const listen = registerListen(app, services);
  recordings.recorder.meetings.follow(meetings, (roomId) => collab.notesText(roomId));

  // The account is looked up before the upgrade: the socket's handlers must be attached
  // synchronously or the first messages would be lost.
  const serve: Serve = (socket, knock, sessionToken, router) =>
    new Connection(socket, knock, { meetings, admission, moderation, recorder: recordings.recorder, sessions: liveSessions, polls, breakouts, slides, livestreams, collab, listen, router }, log.child({ part: 'signaling' }), sessionToken);
  const router = await services.shared.routeMeetings(meetings, serve);
  const principals = new WeakMap<object, Principal>();
  const organizations = new WeakMap<object, string | undefined>();
  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!(await originAllowed(request))) return sendError(reply, 'forbidden', ['cross-site connection refused']);
        if ((await services.shared.connections.count(request.ip)) >= MAX_CONNECTIONS_PER_ADDRESS) return sendError(reply, 'too-many-connections');
        principals.set(request, principalOf(await currentUser(db, request)));
        organizations.set(request, (await requestOrganization(db, request.raw))?.id);
      },
    },
    (socket, request) => {
      const address = request.ip;
      socket.once('close', services.shared.connections.opened(address));
      const knock = { principal: principals.get(request) ?? { kind: 'anonymous' as const }, guestKey: guestKey(request), address, organizationId: organizations.get(request) };
      serve(socket, knock, request.cookies[SESSION_COOKIE], router);
    },
  );

  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A missing file (a stale asset after an upgrade) is a 404, not the page: a script must never get HTML.
    if (path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path) || !hasWeb || request.method !== 'GET') return sendError(reply, 'not-found');
    // Client-side routes (/signin, /r/<id>, ...) all load the single page.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
