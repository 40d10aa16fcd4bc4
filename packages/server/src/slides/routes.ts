import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RoomId, SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, SlideUploadName, slideRoutes, type DeckListResponse, type DeckView } from '@moot/protocol';
import type { Services } from '../services.ts';
import { currentUser, principalOf } from '../http/auth.ts';
import { HttpError, sendError } from '../http/errors.ts';
import { randomId } from '../ids.ts';
import { can } from '../policy/policy.ts';
import { findRoom } from '../rooms/rooms.ts';
import { inRequestOrganization } from '../orgs/scope.ts';
import { Converter, findSoffice } from './convert.ts';
import { SlideFiles } from './files.ts';
import { countPages, kindOf } from './inspect.ts';
import { mayPresent, Slides } from './live.ts';
import { atMeetingOwner, roomInPath } from '../cluster/http-hop.ts';
import { countDecks, deckView, deleteDeck, findDeck, insertDeck, listDecks } from './store.ts';

type RoomParams = { Params: { id: string; deckId?: string } };

const DeckId = RoomId;

/**
 * A room's presentations over HTTP. Every request carries the key its sender received on
 * entering the room's meeting: being in the meeting is what authorizes, never knowing a URL.
 * Uploads are checked by their bytes (type), size, readability and page count. Returns what the
 * signaling hub hands slide messages to.
 */
export async function slidesRoutes(app: FastifyInstance, services: Services): Promise<Slides> {
  const { db, config, meetings } = services;
  const limits = config.slides;
  const files = new SlideFiles(config.data.dir);
  const slides = new Slides(db, files);
  const converter = new Converter(findSoffice(), limits.convertTimeoutSeconds * 1000);
  const maxBytes = limits.maxMegabytes * 1024 * 1024;

  /** The person in the room's live meeting this request speaks for, allowed `action`. */
  const inMeeting = async (request: FastifyRequest<RoomParams>, action: 'present' | 'view') => {
    const { id } = request.params;
    const room = RoomId.safeParse(id).success ? await findRoom(db, id) : undefined;
    // Another organization's room is answered like one that does not exist.
    if (!room || !(await inRequestOrganization(db, request.raw, room))) throw new HttpError('room-not-found');
    const key = request.headers[SLIDES_KEY_HEADER];
    const holder = slides.holder(typeof key === 'string' ? key : undefined, id);
    if (!holder) throw new HttpError('forbidden', ["only people in this room's meeting may do that"]);
    const principal = principalOf(await currentUser(db, request));
    const { participant } = holder;
    const allowed = action === 'present' ? mayPresent(principal, participant) : can(principal, 'meeting.view-slides', { meetingRole: participant.role });
    if (!allowed) throw new HttpError('forbidden');
    return { ...holder, principal, roomId: id };
  };

  // Per person (their key), not per address: a whole class may sit behind one. The key is the
  // meeting's, so the process running it answers.
  const perPerson = (max: number) => ({
    ...atMeetingOwner(roomInPath),
    rateLimit: { max, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => String(request.headers[SLIDES_KEY_HEADER] ?? request.ip) },
  });

  const deckOf = async (roomId: string, deckId: string | undefined) => {
    const row = DeckId.safeParse(deckId).success ? await findDeck(db, roomId, deckId!) : undefined;
    if (!row) throw new HttpError('not-found', ['no such presentation in this room']);
    return row;
  };

  app.get<RoomParams>(slideRoutes.decks(':id'), { config: perPerson(60) }, async (request): Promise<DeckListResponse> => {
    const { roomId } = await inMeeting(request, 'present');
    return { decks: (await listDecks(db, roomId)).map(deckView) };
  });

  app.delete<RoomParams>(slideRoutes.deck(':id', ':deckId'), { config: atMeetingOwner(roomInPath) }, async (request, reply) => {
    const { roomId, meeting } = await inMeeting(request, 'present');
    const row = await deckOf(roomId, request.params.deckId);
    await deleteDeck(db, roomId, row.id);
    await files.remove(roomId, row.id);
    slides.deckDeleted(meetings.meetingOf(roomId) ?? meeting, row.id);
    return reply.code(204).send();
  });

  // The file of what is shown to everyone in the meeting; presenters may open any of the room's.
  app.get<RoomParams>(slideRoutes.file(':id', ':deckId'), { config: perPerson(30) }, async (request, reply) => {
    const { roomId, meeting, participant, principal } = await inMeeting(request, 'view');
    const row = await deckOf(roomId, request.params.deckId);
    if (slides.current(meeting)?.deck.id !== row.id && !mayPresent(principal, participant)) throw new HttpError('forbidden', ['that presentation is not being shown']);
    // A row whose file is gone (deleted by hand, a partial restore) answers plainly.
    const path = files.path(roomId, row.id);
    if (!existsSync(path)) throw new HttpError('not-found', ["the presentation's file is missing"]);
    return reply
      .type('application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'inline')
      .send(createReadStream(path));
  });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
      if (error.statusCode === 413) return sendError(reply, 'slides-too-large', [`at most ${limits.maxMegabytes} MB`]);
      throw error;
    });

    scope.post<RoomParams & { Body: Buffer }>(
      slideRoutes.decks(':id'),
      {
        config: perPerson(20),
        // Refused before a byte of the body is read.
        onRequest: async (request) => {
          await inMeeting(request, 'present');
        },
      },
      async (request, reply): Promise<DeckView> => {
        const { roomId, participant } = await inMeeting(request, 'present');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const name = SlideUploadName.safeParse(safeDecode(request.headers[SLIDES_NAME_HEADER]));
        if (!name.success) throw new HttpError('bad-request', [`${SLIDES_NAME_HEADER}: the file's name, URL-encoded, up to 200 characters`]);
        if ((await countDecks(db, roomId)) >= limits.maxPerRoom) throw new HttpError('slides-too-many-decks', [`at most ${limits.maxPerRoom}`]);
        const kind = kindOf(body);
        if (!kind) throw new HttpError('slides-not-pdf');
        let pdf: Buffer = body;
        if (kind !== 'pdf') {
          if (!converter.available) throw new HttpError('slides-conversion-unavailable');
          const converted = await converter.convert(body, kind);
          if (!converted) throw new HttpError('slides-conversion-failed');
          if (converted.length > maxBytes) throw new HttpError('slides-too-large', [`at most ${limits.maxMegabytes} MB`]);
          pdf = converted;
        }
        const pages = await countPages(pdf);
        if (pages === undefined) throw new HttpError('slides-malformed');
        if (pages > limits.maxPages) throw new HttpError('slides-too-many-pages', [`${pages} pages, at most ${limits.maxPages}`]);
        const row = {
          id: randomId(),
          room_id: roomId,
          name: name.data.replace(/\.(pdf|odp|pptx)$/i, '') || name.data,
          pages,
          size: pdf.length,
          uploaded_by: participant.name,
          created_at: new Date().toISOString(),
        };
        await files.write(roomId, row.id, pdf);
        await insertDeck(db, row);
        return reply.code(201).send(deckView(row));
      },
    );
  });
  return slides;
}

function safeDecode(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
