// Slides against a real server and Janus: the upload route's checks (who, what type by content,
// how large, readable, how many pages, how many per room), the files only people in the meeting
// may fetch, presenters made by moderators, page changes that reach everyone and late joiners,
// a flood of page changes, and presentations removed with their room.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, slideRoutes, type DeckView } from '../../packages/protocol/src/index.ts';
import { findSoffice } from '../../packages/server/src/slides/convert.ts';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';

let moot: Moot;
let owner: TestUser;
let member: TestUser;
let room: TestRoom;
const suite = serverWithSockets({ env: { MOOT_SLIDES_MAX_MEGABYTES: '1', MOOT_SLIDES_MAX_PAGES: '5', MOOT_SLIDES_MAX_PER_ROOM: '3' }, guests: true });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Olga Owner');
  member = await addUser(moot, 'Mia Member');
  room = await addRoom(moot, owner, 'Training room', 'link');
});

/** Joins the room and returns the socket with the key its slide requests carry. */
async function enter(who: TestUser | string, roomId = room.id): Promise<{ socket: SignalingClient; key: string }> {
  const socket = typeof who === 'string' ? await sockets.guest(moot) : await sockets.member(moot, who);
  await socket.join({ room: roomId, ...(typeof who === 'string' ? { name: who } : {}) });
  const { key } = await socket.next('slidesAccess');
  return { socket, key };
}

async function upload(key: string | undefined, body: Uint8Array, name = 'Deck.pdf', roomId = room.id, contentType = 'application/pdf') {
  const response = await fetch(moot.url + slideRoutes.decks(roomId), {
    method: 'POST',
    headers: { 'content-type': contentType, [SLIDES_NAME_HEADER]: encodeURIComponent(name), origin: moot.url, ...(key ? { [SLIDES_KEY_HEADER]: key } : {}) },
    body: new Blob([new Uint8Array(body)]),
  });
  return { status: response.status, body: (await response.json()) as DeckView & { error?: { code: string; details?: string[] } } };
}

function call(method: string, path: string, key?: string) {
  return fetch(moot.url + path, { method, headers: { origin: moot.url, ...(key ? { [SLIDES_KEY_HEADER]: key } : {}) } });
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

const zipWith = (offset: number, text: string) => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(offset - 4), Buffer.from(text, 'latin1')]);

test('the upload route refuses outsiders and non-presenters, and files that are not a readable PDF of allowed size and length, each with its own error', async () => {
  const { key: ownerKey } = await enter(owner);
  const { key: memberKey } = await enter(member);

  assert.equal((await upload(undefined, testPdf(2))).status, 403, 'no key');
  assert.equal((await upload('made-up-key-made-up-key-made-up-key', testPdf(2))).status, 403, 'a guessed key');
  const notPresenter = await upload(memberKey, testPdf(2));
  assert.equal(notPresenter.status, 403);
  assert.equal(notPresenter.body.error?.code, 'forbidden');

  // The type comes from the bytes, whatever the name and the content type claim.
  const png = await upload(ownerKey, Buffer.from('\x89PNG\r\n\x1a\n0000IHDR', 'latin1'), 'slides.pdf');
  assert.deepEqual([png.status, png.body.error?.code], [415, 'slides-not-pdf']);
  const docx = await upload(ownerKey, zipWith(100, 'word/document.xml'), 'slides.pptx', room.id, 'application/octet-stream');
  assert.deepEqual([docx.status, docx.body.error?.code], [415, 'slides-not-pdf']);
  const tooLarge = await upload(ownerKey, testPdf(1, { padding: 1_100_000 }));
  assert.deepEqual([tooLarge.status, tooLarge.body.error?.code, tooLarge.body.error?.details], [413, 'slides-too-large', ['at most 1 MB']]);
  const broken = await upload(ownerKey, Buffer.from('%PDF-1.7\nthis is not a document at all\n%%EOF\n', 'latin1'));
  assert.deepEqual([broken.status, broken.body.error?.code], [422, 'slides-malformed']);
  const long = await upload(ownerKey, testPdf(6));
  assert.deepEqual([long.status, long.body.error?.code, long.body.error?.details], [422, 'slides-too-many-pages', ['6 pages, at most 5']]);
  // An OpenDocument presentation goes to LibreOffice where it is installed; this fake one fails there.
  const odp = await upload(ownerKey, zipWith(30, 'mimetypeapplication/vnd.oasis.opendocument.presentation'), 'talk.odp', room.id, 'application/vnd.oasis.opendocument.presentation');
  assert.deepEqual([odp.status, odp.body.error?.code], findSoffice() ? [422, 'slides-conversion-failed'] : [415, 'slides-conversion-unavailable']);
  const badName = await upload(ownerKey, testPdf(1), '');
  assert.deepEqual([badName.status, badName.body.error?.code], [400, 'bad-request']);

  const kept = await upload(ownerKey, testPdf(3), 'Week 1.pdf');
  assert.equal(kept.status, 201);
  assert.deepEqual([kept.body.name, kept.body.pages, kept.body.size], ['Week 1', 3, testPdf(3).length]);
  assert.ok(existsSync(join(moot.dataDir, 'slides', room.id, `${kept.body.id}.pdf`)));

  const listed = await call('GET', slideRoutes.decks(room.id), ownerKey);
  assert.deepEqual(((await listed.json()) as { decks: DeckView[] }).decks.map((d) => d.id), [kept.body.id]);
  assert.equal((await call('GET', slideRoutes.decks(room.id), memberKey)).status, 403);

  // A room keeps three: the fourth waits until one is deleted.
  assert.equal((await upload(ownerKey, testPdf(1), 'Two.pdf')).status, 201);
  assert.equal((await upload(ownerKey, testPdf(1), 'Three.pdf')).status, 201);
  const fourth = await upload(ownerKey, testPdf(1), 'Four.pdf');
  assert.deepEqual([fourth.status, fourth.body.error?.code], [409, 'slides-too-many-decks']);
});

test('the file of what is shown is for people in the meeting only; deleting it stops the showing and removes the file', async () => {
  const room = await addRoom(moot, owner, 'Files room', 'link');
  const { socket: ownerSocket, key: ownerKey } = await enter(owner, room.id);
  const { socket: guest, key: guestKey } = await enter('Gus Guest', room.id);
  const deck = (await upload(ownerKey, testPdf(3), 'Week 1.pdf', room.id)).body;
  const file = slideRoutes.file(room.id, deck.id);

  // Not shown yet: a guest cannot open it by its address.
  assert.equal((await call('GET', file, guestKey)).status, 403);
  ownerSocket.send({ type: 'slidesShow', deckId: deck.id });
  const shown = await guest.next('slides', (m) => m.current?.deck.id === deck.id);
  assert.deepEqual([shown.current?.page, shown.current?.zoom, shown.current?.by], [1, 1, 'Olga Owner']);
  const fetched = await call('GET', file, guestKey);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), testPdf(3));

  // A signed-in member who is not in the meeting has no key, and a cookie alone is not enough.
  const outsider = await signedIn(moot, member);
  const withCookie = await fetch(moot.url + file, { headers: { cookie: outsider.cookieHeader() } });
  assert.equal(withCookie.status, 403);
  // Nor is the address of another room's presentation with this room's key.
  const otherRoom = await addRoom(moot, owner, 'Other room', 'link');
  assert.equal((await call('GET', slideRoutes.file(otherRoom.id, deck.id), guestKey)).status, 403);

  // The guest leaves: their key stops working at once.
  guest.send({ type: 'leave' });
  await ownerSocket.next('participantLeft');
  assert.equal((await call('GET', file, guestKey)).status, 403);

  assert.equal((await call('DELETE', slideRoutes.deck(room.id, deck.id), guestKey)).status, 403);
  assert.equal((await call('DELETE', slideRoutes.deck(room.id, deck.id), ownerKey)).status, 204);
  assert.equal((await ownerSocket.next('slides', (m) => m.current === null)).current, null);
  assert.equal(existsSync(join(moot.dataDir, 'slides', room.id, `${deck.id}.pdf`)), false);
  assert.equal(await errorCode(await call('GET', file, ownerKey)), 'not-found');
});

test('a moderator makes a guest presenter, whose page changes reach everyone and late joiners; a flood of changes is refused', async () => {
  const room = await addRoom(moot, owner, 'Presenters room', 'link');
  const { socket: ownerSocket, key: ownerKey } = await enter(owner, room.id);
  const { socket: guest } = await enter('Pia Presenter', room.id);
  const deck = (await upload(ownerKey, testPdf(4), 'Week 2.pdf', room.id)).body;
  assert.equal(deck.pages, 4);

  guest.send({ type: 'slidesShow', deckId: deck.id });
  assert.equal((await guest.nextError('slidesShow')).code, 'forbidden');
  guest.send({ type: 'setPresenter', target: guestId(guest), presenter: true });
  assert.equal((await guest.nextError('setPresenter')).code, 'forbidden');

  ownerSocket.send({ type: 'setPresenter', target: guestId(guest), presenter: true });
  const updated = await guest.next('participantUpdated', (m) => m.participant.id === guestId(guest) && m.participant.presenter);
  assert.equal(updated.participant.presenter, true);
  ownerSocket.send({ type: 'setPresenter', target: 'nobody-here', presenter: true });
  assert.equal((await ownerSocket.nextError('setPresenter')).code, 'not-found-participant');

  guest.send({ type: 'slidesShow', deckId: deck.id });
  await ownerSocket.next('slides', (m) => m.current?.deck.id === deck.id && m.current.page === 1);
  guest.send({ type: 'slidesPage', page: 3, zoom: 1.5 });
  const moved = await ownerSocket.next('slides', (m) => m.current?.page === 3);
  assert.deepEqual([moved.current?.zoom, moved.current?.by], [1.5, 'Pia Presenter']);
  guest.send({ type: 'slidesPage', page: 5, zoom: 1 });
  assert.deepEqual((await guest.nextError('slidesPage')).details, ['page: the presentation has 4 pages']);
  guest.send({ type: 'slidesPage', page: 2, zoom: 9 });
  assert.equal((await guest.nextError('slidesPage')).code, 'invalid-message');

  const { socket: late } = await enter('Lou Late', room.id);
  const seen = await late.next('slides');
  assert.deepEqual([seen.current?.deck.id, seen.current?.page, seen.current?.zoom], [deck.id, 3, 1.5]);

  // Taken back: the guest may no longer move anyone's page.
  ownerSocket.send({ type: 'setPresenter', target: guestId(guest), presenter: false });
  await guest.next('participantUpdated', (m) => m.participant.id === guestId(guest) && !m.participant.presenter);
  guest.send({ type: 'slidesPage', page: 1, zoom: 1 });
  assert.equal((await guest.nextError('slidesPage')).code, 'forbidden');

  // A script turning pages for everyone is stopped with its own error.
  for (let i = 0; i < 40; i++) ownerSocket.send({ type: 'slidesPage', page: (i % 4) + 1, zoom: 1 });
  assert.equal((await ownerSocket.nextError('slidesPage')).code, 'slides-too-fast');
  const changes = late.count((m) => m.type === 'slides');
  assert.ok(changes <= 22, `at most the burst reached the others, not all 40 (${changes})`);
});

test('deleting the room removes its presentations', async () => {
  const doomed = await addRoom(moot, owner, 'Short-lived room', 'link');
  const { socket, key } = await enter(owner, doomed.id);
  const deck = await upload(key, testPdf(1), 'Old.pdf', doomed.id);
  assert.equal(deck.status, 201);
  socket.send({ type: 'leave' });
  const http = await signedIn(moot, owner);
  assert.equal((await http.request('DELETE', `/api/rooms/${doomed.id}`)).status, 204);
  assert.equal(existsSync(join(moot.dataDir, 'slides', doomed.id)), false);
});

function guestId(socket: SignalingClient): string {
  const joined = socket.received.find((m) => m.type === 'joined');
  assert.ok(joined?.type === 'joined');
  return joined.self.id;
}
