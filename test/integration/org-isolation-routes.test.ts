// Every REST route that names a room, a recording or a person, asked by organization A's member
// and A's admin about organization B's, at A's address: each method answers exactly as it does for
// an id that exists nowhere, so A learns nothing of B, and nothing of B changes. Written as the
// attack: a route that finds B's room (or deletes it) where it should find nothing fails here.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { collabRoutes, listenRoutes, livestreamDestinationsPath, livestreamHlsPath, orgRoutes, pollResultsPath, routes, slideRoutes } from '../../packages/protocol/src/index.ts';
import { insertRecording } from '../../packages/server/src/recordings/store.ts';
import { openDatabase } from '../../packages/server/src/store/db.ts';
import { test } from '../helpers/diagnostics.ts';
import { unknownRoomId } from '../helpers/fixtures.ts';
import type { HttpClient } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { addOrgPerson, orgSession, type OrgPerson } from '../helpers/orgs.ts';

interface Ids {
  room: string;
  recording: string;
  person: string;
}

/** Each route by the kind of id it names; the second id of a two-id route exists nowhere. */
const elsewhere = unknownRoomId();
const idRoutes: Record<string, (ids: Ids) => string> = {
  room: ({ room }) => routes.room(room),
  roomEntry: ({ room }) => routes.roomEntry(room),
  roomModerators: ({ room }) => routes.roomModerators(room),
  roomRecordingSettings: ({ room }) => routes.roomRecordingSettings(room),
  roomNotes: ({ room }) => collabRoutes.roomNotes(room),
  roomPolls: ({ room }) => pollResultsPath(room),
  roomListen: ({ room }) => listenRoutes.stream(room),
  roomLivestreamDestinations: ({ room }) => livestreamDestinationsPath(room),
  roomLivestreamHls: ({ room }) => livestreamHlsPath(room),
  roomSlides: ({ room }) => slideRoutes.decks(room),
  roomSlide: ({ room }) => slideRoutes.deck(room, elsewhere),
  roomSlideFile: ({ room }) => slideRoutes.file(room, elsewhere),
  recording: ({ recording }) => routes.recording(recording),
  recordingLinks: ({ recording }) => routes.recordingLinks(recording),
  recordingMedia: ({ recording }) => routes.recordingMedia(recording),
  recordingNotes: ({ recording }) => routes.recordingNotes(recording),
  recordingMeeting: ({ recording }) => routes.recordingMeeting(recording),
  recordingShares: ({ recording }) => routes.recordingShares(recording),
  recordingShare: ({ recording, person }) => routes.recordingShare(recording, person),
  recordingShareLinks: ({ recording }) => routes.recordingShareLinks(recording),
  recordingShareLink: ({ recording }) => routes.recordingShareLink(recording, elsewhere),
  recordingRetry: ({ recording }) => routes.recordingRetry(recording),
  adminUser: ({ person }) => routes.adminUser(person),
  adminUserInvitation: ({ person }) => routes.adminUserInvitation(person),
  orgMember: ({ person }) => orgRoutes.member(person),
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const nowhere: Ids = { room: unknownRoomId(), recording: unknownRoomId(), person: unknownRoomId() };

let moot: Moot;
let aMember: OrgPerson;
let aAdmin: OrgPerson;
let bOwner: OrgPerson;
let b: Ids;
const bRoomName = 'Beta strategy';

before(async () => {
  moot = await startMoot();
  await moot.cli(['org', 'add', 'alpha', '--name', 'Alpha', '--json']);
  await moot.cli(['org', 'add', 'beta', '--name', 'Beta', '--json']);
  aMember = await addOrgPerson(moot, 'alpha', 'Ann');
  aAdmin = await addOrgPerson(moot, 'alpha', 'Abe', ['--org-admin']);
  bOwner = await addOrgPerson(moot, 'beta', 'Bea', ['--org-admin']);
  const room = await moot.cli<{ id: string }>(['room', 'add', '--owner', bOwner.email, '--name', bRoomName, '--org', 'beta', '--json']);
  b = { room: room.id, recording: 'AbRecordingOfBeta00000', person: bOwner.id };
  const db = await openDatabase(moot.dataDir, moot.env.MOOT_DATABASE_URL);
  try {
    const at = new Date().toISOString();
    await insertRecording(db, {
      id: b.recording, room_id: b.room, name: 'Beta recorded', origin: 'meeting', state: 'ready', progress: 100, error: null,
      wrapped_key: 'not-a-real-key', size: 1000, duration_ms: 60_000, started_by: bOwner.email, started_at: at, ended_at: at,
    });
  } finally {
    await db.destroy();
  }
});

after(async () => {
  await moot?.stop();
});

/** Status and error code: what tells a caller whether something exists. */
async function answer(http: HttpClient, method: string, path: string): Promise<{ status: number; code: unknown }> {
  const response = await http.request(method, path, method === 'GET' || method === 'DELETE' ? {} : { json: {} });
  assert.ok(!response.text.includes(bRoomName), `${method} ${path} names B's room: ${response.text.slice(0, 200)}`);
  return { status: response.status, code: response.body?.error?.code };
}

for (const [who, person] of [
  ["A's member", () => aMember],
  ["A's admin", () => aAdmin],
] as const) {
  test(`${who}, at A's address, gets from every route and method about B's room, recording or person the answer an id that exists nowhere gets`, async () => {
    const http = await orgSession(moot, '/o/alpha', person(), { confirm: true });
    let compared = 0;
    for (const [name, path] of Object.entries(idRoutes)) {
      for (const method of METHODS) {
        const forB = await answer(http, method, path(b));
        const forNothing = await answer(http, method, path(nowhere));
        assert.notEqual(forB.status, 429, `${method} ${name}: rate-limited, so nothing is compared`);
        assert.deepEqual(forB, forNothing, `${method} ${name}: B's is answered as one that does not exist`);
        compared += 1;
      }
    }
    assert.equal(compared, Object.keys(idRoutes).length * METHODS.length);

    // Nothing of B changed: its owner still finds the room and the recording at B's address.
    const owner = await orgSession(moot, '/o/beta', bOwner);
    assert.equal((await owner.get(routes.room(b.room))).status, 200, "B's room is still there");
    assert.equal((await owner.get(routes.recording(b.recording))).status, 200, "B's recording is still there");
  });
}
