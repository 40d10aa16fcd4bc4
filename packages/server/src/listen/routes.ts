import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ListenQuery, RoomParams, listenRoutes } from '@moot/protocol';
import type { Services } from '../services.ts';
import { HttpError, parse } from '../http/errors.ts';
import { Listen } from './listen.ts';
import { atMeetingOwner, roomInPath } from '../cluster/http-hop.ts';

/**
 * The listeners' audio over plain HTTP: an endless Ogg/Opus response per listener. The token in
 * the query is the only key (the stream works without cookies, as in a Tor Browser that keeps
 * none); it is good once, for a minute, so the address in an access log opens nothing.
 */
export function registerListen(app: FastifyInstance, { log }: Pick<Services, 'log'>): Listen {
  const listen = new Listen(log.child({ part: 'listen' }));
  app.addHook('onClose', () => listen.stop());
  app.get(listenRoutes.stream(':id'), { config: atMeetingOwner(roomInPath) }, async (request, reply) => {
    const { id } = parse(RoomParams, request.params);
    const { token } = parse(ListenQuery, request.query);
    if (!token) throw new HttpError('unauthenticated', ['the stream address needs its token']);
    const body = new PassThrough();
    const opened = listen.open(id, token, body);
    if (!opened.ok) throw new HttpError(opened.code);
    request.raw.once('close', opened.close);
    return reply
      .header('content-type', 'audio/ogg')
      .header('cache-control', 'no-store')
      // A live stream: nothing to seek in, nothing a proxy should hold back.
      .header('accept-ranges', 'none')
      .header('x-accel-buffering', 'no')
      .send(body);
  });
  return listen;
}
