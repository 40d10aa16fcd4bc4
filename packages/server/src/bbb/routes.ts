import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { BbbApi } from './api.ts';
import { Callbacks } from './callbacks.ts';
import { checksumMatches, withoutChecksum } from './checksum.ts';
import { ApiFailure } from './params.ts';
import { apiSecret } from './secret.ts';
import { failure, responseXml, type XmlObject } from './xml.ts';
import { findBbbMeeting } from './store.ts';
import { atMeetingOwner, type MeetingOf } from '../cluster/http-hop.ts';
import { liveMeetings } from '../cluster/live-meetings.ts';

export const API_PATH = '/bigbluebutton/api';

/** The calls that read or end a live meeting: answered where it runs. */
const LIVE_CALLS = new Set(['create', 'isMeetingRunning', 'getMeetingInfo', 'end']);

/** A presentation posted with `create` is read and dropped: the API does not put it into the room's slides yet. */
const PRESENTATION_LIMIT = 32 * 1024 * 1024;

/**
 * BigBlueButton's API at /bigbluebutton/api/<call>: every call but the version check is
 * signed with the API secret. Answers are XML with HTTP 200, failures included, as
 * BigBlueButton does; integrations read `returncode`, not the status.
 */
export async function bbbRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { db, config, meetings, recordings, log } = services;
  const callbacks = new Callbacks(db, meetings, config.bbb.callbackHosts, log.child({ part: 'bbb' }), services.shared.jobs);
  const api = new BbbApi(db, config, meetings, recordings.vault, callbacks, liveMeetings(services));
  callbacks.start();
  app.addHook('onClose', async () => callbacks.stop());

  const meetingOfCall: MeetingOf = async (request) => {
    const meetingId = (request.query as Record<string, unknown>).meetingID;
    if (!LIVE_CALLS.has((request.params as { call?: string }).call ?? '') || typeof meetingId !== 'string') return undefined;
    return (await findBbbMeeting(db, meetingId))?.roomId;
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PRESENTATION_LIMIT }, (_request, _body, done) => done(null, undefined));

    const handle = async (request: FastifyRequest<{ Params: { call?: string } }>, reply: FastifyReply) => {
      const call = request.params.call ?? '';
      const rawQuery = request.raw.url?.split('?').slice(1).join('?') ?? '';
      const xml = (body: XmlObject) => reply.type('text/xml; charset=utf-8').send(responseXml(body));
      try {
        if (call !== '') {
          const { signed, checksum } = withoutChecksum(rawQuery);
          if (!checksum || !checksumMatches(call, signed, await apiSecret(db), checksum)) {
            return xml(failure('checksumError', 'Checksums do not match'));
          }
        }
        const result = await api.call(call, new URLSearchParams(rawQuery));
        if ('redirect' in result) return reply.redirect(result.redirect, 302);
        return xml(result.xml);
      } catch (err) {
        if (err instanceof ApiFailure) return xml(failure(err.messageKey, err.message));
        request.log.error({ err: (err as Error).message, call }, 'BigBlueButton API call failed');
        return xml(failure('internalError', 'The server could not complete this call.'));
      }
    };

    for (const path of [API_PATH, `${API_PATH}/`, `${API_PATH}/:call`]) {
      scope.get(path, { config: atMeetingOwner(meetingOfCall) }, handle);
      // Only create takes a body (a presentation); the others accept POST as BigBlueButton does.
      scope.post(path, { config: atMeetingOwner(meetingOfCall) }, handle);
    }
  });
}
