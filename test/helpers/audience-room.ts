// What the audience and slide tests set up alike: a room whose guests join as audience, and a
// presentation uploaded from inside a meeting.
import assert from 'node:assert/strict';
import { SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, slideRoutes, type DeckView } from '@moot/protocol';
import { testPdf } from '../../packages/server/src/slides/pdf.fixture.ts';
import { addRoom, signedIn, type TestRoom, type TestUser } from './fixtures.ts';
import type { Moot } from './moot.ts';

/** A room of `owner`'s, open to guests by link, whose people join as audience. */
export async function audienceRoom(moot: Moot, owner: TestUser, name: string): Promise<TestRoom> {
  const room = await addRoom(moot, owner, name, 'link');
  const http = await signedIn(moot, owner);
  const changed = await http.request('PATCH', `/api/rooms/${room.id}`, { json: { joinAsAudience: true } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.room.joinAsAudience, true);
  return room;
}

/** Uploads the test PDF of `pages` pages (each with a band of its own colour) with a member's slides key. */
export async function uploadDeck(moot: Pick<Moot, 'url'>, roomId: string, slidesKey: string, pages: number): Promise<DeckView> {
  const uploaded = await fetch(moot.url + slideRoutes.decks(roomId), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', [SLIDES_NAME_HEADER]: encodeURIComponent(`${pages} pages.pdf`), origin: moot.url, [SLIDES_KEY_HEADER]: slidesKey },
    body: new Blob([new Uint8Array(testPdf(pages))]),
  });
  assert.equal(uploaded.status, 201);
  return (await uploaded.json()) as DeckView;
}
