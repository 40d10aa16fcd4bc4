// Each organization's recordings are wrapped by its own key, written as the attack: two
// organizations each hold a recording; A's recording row is moved into B's room (it must not
// open there), then A's key file is destroyed (A's recordings answer "key missing", B's still play,
// over HTTP and through `moot recording export`).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { recDb } from '../../packages/server/src/recordings/store.ts';
import { openDatabase } from '../../packages/server/src/store/db.ts';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, runCliRaw, startMoot, type Moot } from '../helpers/moot.ts';

interface Org {
  slug: string;
  id: string;
  room: string;
  owner: HttpClient;
  recording: string;
}

const scratch = makeTempDir('moot-org-keys-');
const serverKeyFile = join(scratch, 'recordings.key');
const video = makeWebm(join(scratch, 'meeting.webm'));
let moot: Moot;
let alpha: Org;
let beta: Org;

async function organization(slug: string): Promise<Org> {
  const { id } = await moot.cli<{ id: string }>(['org', 'add', slug, '--name', slug.toUpperCase(), '--json']);
  const email = `owner@${slug}.example`;
  const password = randomPassword();
  await moot.cli(['user', 'add', email, '--name', `Owner ${slug}`, '--org', slug, '--password-stdin', '--json'], `${password}\n`);
  const room = await moot.cli<{ id: string }>(['room', 'add', '--owner', email, '--name', `${slug} board`, '--org', slug, '--json']);
  const recording = await moot.cli<{ id: string }>(['recording', 'import', room.id, video, '--json']);
  const owner = new HttpClient(`${moot.url}/o/${slug}`);
  await owner.signIn(email, password);
  return { slug, id, room: room.id, owner, recording: recording.id };
}

/** The owner's answer for the recording's video, and the code of a refusal. */
async function play(org: Org, recording = org.recording): Promise<{ status: number; code?: string; bytes: number }> {
  const links = await org.owner.post(`/api/recordings/${recording}/links`);
  assert.equal(links.status, 200, links.text);
  const media = await org.owner.get(links.body.view as string);
  return { status: media.status, code: (media.body as { error?: { code: string } } | undefined)?.error?.code, bytes: media.status === 200 ? media.text.length : 0 };
}

async function moveRecording(id: string, roomId: string): Promise<void> {
  const db = await openDatabase(moot.dataDir, moot.env.MOOT_DATABASE_URL);
  try {
    await recDb(db).updateTable('recordings').set({ room_id: roomId }).where('id', '=', id).execute();
  } finally {
    await db.destroy();
  }
}

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: serverKeyFile } });
  alpha = await organization('alpha');
  beta = await organization('beta');
});

after(async () => {
  await moot?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const keyFile = (org: Org) => join(`${serverKeyFile}.orgs`, `${org.id}.key`);

test('each organization has its own key file beside the server key, readable by the server only', async () => {
  for (const org of [alpha, beta]) {
    assert.equal(statSync(keyFile(org)).mode & 0o777, 0o600, org.slug);
    assert.equal((JSON.parse(readFileSync(keyFile(org), 'utf8')) as { format: string }).format, 'moot-recordings-key');
  }
  assert.notEqual(readFileSync(keyFile(alpha), 'utf8'), readFileSync(keyFile(beta), 'utf8'));
  assert.notEqual(readFileSync(keyFile(alpha), 'utf8'), readFileSync(serverKeyFile, 'utf8'));
});

test("a recording row moved into another organization's room does not open there, and opens again back home", async () => {
  assert.equal((await play(alpha)).status, 200);
  await moveRecording(alpha.recording, beta.room);
  try {
    const moved = await play(beta, alpha.recording);
    assert.deepEqual({ status: moved.status, code: moved.code }, { status: 409, code: 'recording-key-missing' });
  } finally {
    await moveRecording(alpha.recording, alpha.room);
  }
  assert.equal((await play(alpha)).status, 200);
});

test("destroying one organization's key makes its recordings a missing key and leaves the other's playing", async () => {
  rmSync(keyFile(alpha));
  const a = await play(alpha);
  assert.deepEqual({ status: a.status, code: a.code }, { status: 409, code: 'recording-key-missing' });
  const notes = await alpha.owner.get(`/api/recordings/${alpha.recording}/notes`);
  assert.equal(notes.status, 409, notes.text);
  const b = await play(beta);
  assert.equal(b.status, 200);
  assert.ok(b.bytes > 1000, `${b.bytes} bytes of B's video`);

  const out = join(scratch, 'exported');
  const refused = await runCliRaw(moot.env, ['recording', 'export', alpha.recording, `${out}-a.webm`, '--json']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr + refused.stdout, /key is missing/);
  await moot.cli(['recording', 'export', beta.recording, `${out}-b.webm`, '--json']);
  assert.ok(statSync(`${out}-b.webm`).size > 1000);
  assert.equal(existsSync(keyFile(alpha)), false, 'reading never makes a new key in place of a destroyed one');
});
