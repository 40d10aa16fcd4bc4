// A room's standing co-moderators: set by the owner (REST and CLI), they enter meetings as
// moderators and moderate; taken off the list they enter as participants; they watch the room's
// recordings, which other members cannot.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { serverWithSockets } from '../helpers/suite.ts';

let moot: Moot;
let owner: TestUser;
let coModerator: TestUser;
let member: TestUser;
let room: TestRoom;
const scratch = makeTempDir('moot-room-moderators-');
const suite = serverWithSockets({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
const { sockets } = suite;

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Olga Owner');
  coModerator = await addUser(moot, 'Cora Comod');
  member = await addUser(moot, 'Mel Member');
  room = await addRoom(moot, owner, 'Shared stage');
});

const moderatorsPath = () => `/api/rooms/${room.id}/moderators`;

async function setModerators(emails: string[]): Promise<void> {
  const answer = await (await signedIn(moot, owner)).put(moderatorsPath(), { emails });
  assert.equal(answer.status, 200, answer.text);
}

test('only the owner reads and sets the list; unknown emails are refused by name and change nothing', async () => {
  const ownerHttp = await signedIn(moot, owner);
  await setModerators([coModerator.email]);
  const refused = await ownerHttp.put(moderatorsPath(), { emails: [member.email, 'nobody@example.test', 'ghost@example.test'] });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'unknown-accounts');
  assert.deepEqual(refused.body.error.details, ['nobody@example.test', 'ghost@example.test']);
  assert.equal((await ownerHttp.put(moderatorsPath(), { emails: ['not an email'] })).status, 400);
  const listed = await ownerHttp.get(moderatorsPath());
  assert.deepEqual(listed.body.moderators.map((m: { email: string }) => m.email), [coModerator.email], 'the refused change left the list alone');
  assert.deepEqual((await ownerHttp.get(`/api/rooms/${room.id}`)).body.room.moderators, [coModerator.email]);

  for (const who of [coModerator, member]) {
    const http = await signedIn(moot, who);
    assert.equal((await http.get(moderatorsPath())).status, 403, `${who.name} reads`);
    assert.equal((await http.put(moderatorsPath(), { emails: [who.email] })).status, 403, `${who.name} writes`);
  }
  assert.equal((await new HttpClient(moot.url).get(moderatorsPath())).status, 401);
});

test('a co-moderator joins as moderator and mutes; off the list, they join as a participant', async () => {
  await setModerators([coModerator.email]);
  const c = await sockets.member(moot, coModerator);
  const cj = await c.join({ room: room.id });
  assert.equal(cj.self.role, 'moderator');
  const m = await sockets.member(moot, member);
  const mj = await m.join({ room: room.id, audioMuted: false });
  assert.equal(mj.self.role, 'participant');

  c.send({ type: 'moderate', action: 'mute', target: mj.self.id });
  assert.equal((await m.next('mutedBy')).by, 'Cora Comod');
  await c.next('participantUpdated', (u) => u.participant.id === mj.self.id && u.participant.audioMuted);
  await sockets.closeAll();

  const cli = await moot.cli<{ email: string }[]>(['room', 'moderators', room.url, '--set', '--json']);
  assert.deepEqual(cli, []);
  const again = await sockets.member(moot, coModerator);
  assert.equal((await again.join({ room: room.id })).self.role, 'participant');
  again.send({ type: 'muteAll' });
  assert.equal((await again.nextError('muteAll')).code, 'forbidden');
});

test('the CLI shows and sets the list, refusing unknown accounts', async () => {
  const set = await moot.cli<{ email: string; name: string }[]>(['room', 'moderators', room.id, '--set', coModerator.email, member.email, '--json']);
  assert.deepEqual(set.map((m) => m.email).sort(), [coModerator.email, member.email].sort());
  const shown = await moot.cli<{ email: string }[]>(['room', 'moderators', room.url, '--json']);
  assert.deepEqual(shown.map((m) => m.email).sort(), [coModerator.email, member.email].sort());
  const refused = await moot.cliRaw(['room', 'moderators', room.id, '--set', 'nobody@example.test', '--json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /nobody@example\.test/);
  assert.equal((await moot.cli<unknown[]>(['room', 'moderators', room.id, '--json'])).length, 2, 'unchanged');
});

test("a co-moderator lists and streams the room's recordings; another member cannot", async () => {
  await setModerators([coModerator.email]);
  const imported = await moot.cli<{ id: string }>(['recording', 'import', room.url, makeWebm(join(scratch, 'talk.webm')), '--json']);
  const [coHttp, memberHttp] = await Promise.all([signedIn(moot, coModerator), signedIn(moot, member)]);

  const listed = (await coHttp.get('/api/recordings')).body.recordings as { id: string; manage: boolean }[];
  assert.deepEqual(listed.map((r) => [r.id, r.manage]), [[imported.id, false]]);
  const links = await coHttp.post(`/api/recordings/${imported.id}/links`);
  assert.equal(links.status, 200, links.text);
  const media = await coHttp.get(links.body.view);
  assert.equal(media.status, 200);
  assert.ok(Number(media.headers.get('content-length')) > 0);
  // Watching is not managing: sharing by account and deleting stay the owner's.
  assert.equal((await coHttp.post(`/api/recordings/${imported.id}/shares`, { email: member.email })).status, 404);
  assert.equal((await coHttp.delete(`/api/recordings/${imported.id}`)).status, 404);

  assert.deepEqual((await memberHttp.get('/api/recordings')).body.recordings, []);
  assert.equal((await memberHttp.post(`/api/recordings/${imported.id}/links`)).status, 404);
  assert.equal((await memberHttp.get(links.body.view)).status, 404);

  await setModerators([]);
  assert.deepEqual((await coHttp.get('/api/recordings')).body.recordings, [], 'off the list: gone at once');
  assert.equal((await coHttp.get(links.body.view)).status, 404);
});
