// An organization's quotas and suspension, written as the attacks of its own people: one room
// too many (CLI, REST and the BigBlueButton API), one person too many across its meetings (a
// listener too), a recording past its storage, and everything a suspended or deleted organization
// must no longer do. Another organization, unlimited, keeps working throughout; nobody already in
// a meeting is put out by a quota.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { insertRecording } from '../../packages/server/src/recordings/store.ts';
import { openDatabase } from '../../packages/server/src/store/db.ts';
import { test } from '../helpers/diagnostics.ts';
import { bbbCall, jsUrl } from '../helpers/bbb.ts';
import { randomPassword, Sockets } from '../helpers/fixtures.ts';
import { HttpClient, type HttpResponse } from '../helpers/http.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { addOrgPerson, orgSession, type OrgPerson } from '../helpers/orgs.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';

type Person = OrgPerson;

let moot: Moot;
const people = new Map<string, Person>();
const rooms = new Map<string, string>();
const sockets = new Sockets();
const storedRecording = 'AcStoredRecordingCap00';

/** A member of `org`, signed in at its address on first use (the server limits sign-ins per address). */
/** A member of `org`, signed in at its address on first use. */
async function person(org: string, name: string): Promise<Person> {
  const made = await addOrgPerson(moot, org, name);
  people.set(name, made);
  return made;
}

const session = (org: string, name: string) => orgSession(moot, `/o/${org}`, people.get(name)!);

async function addRoom(org: string, owner: string, name: string): Promise<string> {
  const { id } = await moot.cli<{ id: string }>(['room', 'add', '--owner', people.get(owner)!.email, '--name', name, '--org', org, '--json']);
  rooms.set(name, id);
  return id;
}

/** A member's socket at their organization's address, in the room. */
async function inMeeting(org: string, name: string, room: string, listenOnly = false): Promise<SignalingClient> {
  const ws = sockets.add(await SignalingClient.connect(`${moot.url}/o/${org}`, await session(org, name)));
  await ws.join({ room: rooms.get(room)!, audioMuted: true, videoMuted: true, ...(listenOnly ? { listenOnly } : {}) });
  return ws;
}

/** The code a join is refused with. */
async function refusedJoin(org: string, name: string, room: string, listenOnly = false): Promise<string | undefined> {
  const joined = await inMeeting(org, name, room, listenOnly).then(
    () => undefined,
    (err: Error) => /join refused: ([a-z-]+)/.exec(err.message)?.[1] ?? err.message,
  );
  assert.notEqual(joined, undefined, `${name} got into ${room}`);
  return joined;
}

/** A refused `moot` command's JSON error code. */
async function cliRefusal(args: string[]): Promise<string> {
  const result = await moot.cliRaw([...args, '--json']);
  assert.notEqual(result.code, 0, `moot ${args.join(' ')} is refused`);
  return (JSON.parse(result.stdout) as { error: { code: string } }).error.code;
}

const codeOf = (response: HttpResponse) => ({ status: response.status, code: (response.body as { error?: { code: string } }).error?.code });
const orgSet = (slug: string, ...args: string[]) => moot.cli(['org', 'set', slug, ...args, '--json']);

before(async () => {
  moot = await startMoot();
  await moot.cli(['org', 'add', 'capped', '--name', 'Capped', '--json']);
  await moot.cli(['org', 'add', 'free', '--name', 'Free', '--json']);
  for (const name of ['Cleo', 'Cato', 'Cora']) await person('capped', name);
  await person('free', 'Finn');
  await addRoom('capped', 'Cleo', 'Capped one');
  await addRoom('capped', 'Cato', 'Capped two');
  await addRoom('free', 'Finn', 'Free room');
  // A finished recording of the capped organization, as a meeting leaves one; its media is never read.
  const db = await openDatabase(moot.dataDir, moot.env.MOOT_DATABASE_URL);
  try {
    const at = new Date().toISOString();
    await insertRecording(db, {
      id: storedRecording, room_id: rooms.get('Capped one')!, name: 'Recorded', origin: 'meeting', state: 'ready', progress: 100, error: null,
      wrapped_key: 'not-a-real-key', size: 1000, duration_ms: 60_000, started_by: 'cleo@capped.example', started_at: at, ended_at: at,
    });
  } finally {
    await db.destroy();
  }
});

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await moot?.stop();
});

test('a room beyond the rooms quota is refused with org-room-quota by the CLI and over REST; lifting the quota allows it; another organization is not held to it', async () => {
  await orgSet('capped', '--max-rooms', '2');
  assert.equal(await cliRefusal(['room', 'add', '--owner', people.get('Cleo')!.email, '--name', 'Third', '--org', 'capped']), 'org-room-quota');
  const cleo = await session('capped', 'Cleo');
  assert.deepEqual(codeOf(await cleo.post('/api/rooms', { name: 'Third', guests: 'off' })), { status: 409, code: 'org-room-quota' });
  assert.equal((await (await session('free', 'Finn')).post('/api/rooms', { name: 'Unlimited', guests: 'off' })).status, 201);
  await orgSet('capped', '--max-rooms', 'none');
  const made = await cleo.post('/api/rooms', { name: 'Third', guests: 'off' });
  assert.equal(made.status, 201);
  assert.equal((await cleo.delete(`/api/rooms/${(made.body as { room: { id: string } }).room.id}`)).status, 204);
});

test("a BigBlueButton create that would make a room is held to the operator's organization's rooms quota", async () => {
  const { secret } = await moot.cli<{ secret: string }>(['bbb', 'secret', '--json']);
  const create = (meetingID: string) => bbbCall(jsUrl(moot.url, secret, 'create', { meetingID, name: meetingID }));
  await orgSet('main', '--max-rooms', '0');
  try {
    const refused = await create('course-over-quota');
    assert.deepEqual([refused.response.returncode, refused.response.messageKey], ['FAILED', 'org-room-quota'], refused.text);
    assert.match(String(refused.response.message), /all the rooms it may have/);
  } finally {
    await orgSet('main', '--max-rooms', 'none');
  }
  assert.equal((await create('course-within-quota')).response.returncode, 'SUCCESS');
});

test('at the participants quota across all the organization’s meetings the next joiner, listener too, gets org-participant-quota; those in stay; one leaving lets one in', async () => {
  await orgSet('capped', '--max-participants', '2');
  try {
    const cleo = await inMeeting('capped', 'Cleo', 'Capped one');
    const cato = await inMeeting('capped', 'Cato', 'Capped two');
    assert.equal(await refusedJoin('capped', 'Cora', 'Capped one'), 'org-participant-quota');
    assert.equal(await refusedJoin('capped', 'Cora', 'Capped two', true), 'org-participant-quota', 'a listener counts too');
    await inMeeting('free', 'Finn', 'Free room');
    const ended = (ws: SignalingClient) => ws.count((m) => m.type === 'meetingEnded');
    assert.deepEqual([ended(cleo), ended(cato), cleo.closed, cato.closed], [0, 0, false, false], 'nobody already in was put out');
    cato.send({ type: 'leave' });
    await waitFor(async () => (await inMeeting('capped', 'Cora', 'Capped two').then(() => true, () => null)), { timeoutMs: 10_000, message: 'Cora let in once Cato left' });
  } finally {
    await orgSet('capped', '--max-participants', 'none');
  }
});

test('recording is refused with org-storage-quota once the organization’s recordings fill it, and a running one is stopped when the quota is reached, the moderators told, what it recorded kept', async () => {
  const cleo = await inMeeting('capped', 'Cleo', 'Capped one');
  await orgSet('capped', '--max-recording-bytes', '1000');
  cleo.send({ type: 'record', active: true });
  assert.equal((await cleo.next('error', (m) => m.code === 'org-storage-quota')).code, 'org-storage-quota');
  assert.equal(cleo.count((m) => m.type === 'recording' && m.active), 0, 'no recording started');

  await orgSet('capped', '--max-recording-bytes', '100000000');
  cleo.send({ type: 'record', active: true });
  await cleo.next('recording', (m) => m.active);
  // The operator lowers the quota under what is stored: the running recording stops by itself.
  await orgSet('capped', '--max-recording-bytes', '1000');
  const told = await cleo.next('error', (m) => m.code === 'org-storage-quota', 15_000);
  assert.match(told.message, /storage/);
  await cleo.next('recording', (m) => !m.active);
  const audit = await moot.cli<{ action: string; details: { reason?: string } | null; target: string }[]>(['audit', 'log', '--json', '--limit', '50']);
  const stop = audit.find((e) => e.action === 'recording.stop' && e.details?.reason === 'org-storage-quota');
  assert.ok(stop, 'the stop is audited with its reason');
  const kept = await moot.cli<{ id: string }[]>(['recording', 'list', '--json']);
  assert.ok(kept.some((r) => r.id === stop.target), 'the stopped recording is kept');
  await orgSet('capped', '--max-recording-bytes', 'none');
});

test('suspension ends the organization’s live meetings at once with its reason and refuses sign-in, joins, room creation and playback with org-suspended; unsuspending restores all', async () => {
  const cleo = await inMeeting('capped', 'Cleo', 'Capped one');
  const finn = await inMeeting('free', 'Finn', 'Free room');
  const http = await session('capped', 'Cleo');
  await orgSet('capped', '--suspended', 'yes');
  assert.equal((await cleo.next('meetingEnded', undefined, 10_000)).reason, 'organization-suspended');
  assert.equal(finn.count((m) => m.type === 'meetingEnded'), 0, 'the other organization’s meeting goes on');

  assert.equal(await refusedJoin('capped', 'Cato', 'Capped two'), 'org-suspended');
  assert.deepEqual(codeOf(await new HttpClient(`${moot.url}/o/capped`).post('/api/session', { email: people.get('Cora')!.email, password: people.get('Cora')!.password })), { status: 403, code: 'org-suspended' });
  assert.deepEqual(codeOf(await http.post('/api/rooms', { name: 'During', guests: 'off' })), { status: 403, code: 'org-suspended' });
  assert.deepEqual(codeOf(await http.post(`/api/recordings/${storedRecording}/links`, {})), { status: 403, code: 'org-suspended' });
  assert.equal(await cliRefusal(['room', 'add', '--owner', people.get('Cleo')!.email, '--name', 'During', '--org', 'capped']), 'org-suspended');
  const listed = await moot.cli<{ slug: string; suspended: boolean }[]>(['org', 'list', '--json']);
  assert.deepEqual(listed.find((o) => o.slug === 'capped')?.suspended, true, 'the operator still sees it');

  await orgSet('capped', '--suspended', 'no');
  await inMeeting('capped', 'Cato', 'Capped two');
  assert.equal((await new HttpClient(`${moot.url}/o/capped`).post('/api/session', { email: people.get('Cora')!.email, password: people.get('Cora')!.password })).status, 200);
  assert.equal((await http.post(`/api/recordings/${storedRecording}/links`, {})).status, 200);
  const made = await http.post('/api/rooms', { name: 'After', guests: 'off' });
  assert.equal(made.status, 201);
  assert.equal((await http.delete(`/api/rooms/${(made.body as { room: { id: string } }).room.id}`)).status, 204);
});

test('deleting an organization ends its live meetings before its rooms go', async () => {
  await moot.cli(['org', 'add', 'doomed', '--name', 'Doomed', '--json']);
  await person('doomed', 'Dora');
  await addRoom('doomed', 'Dora', 'Last meeting');
  const dora = await inMeeting('doomed', 'Dora', 'Last meeting');
  await moot.cli(['org', 'delete', 'doomed', '--json']);
  assert.equal(dora.count((m) => m.type === 'meetingEnded'), 1, 'ended by the time the command returned');
  assert.equal((await dora.next('meetingEnded', undefined, 1000)).reason, 'organization-suspended');
});
