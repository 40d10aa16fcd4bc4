import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '../accounts/accounts.ts';
import { RecordingKeyMissingError, ServerKey } from '../recordings/keys.ts';
import { insertRecording } from '../recordings/store.ts';
import { createRoom } from '../rooms/rooms.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { OrganizationKeyInUseError, OrganizationKeys } from './keys.ts';
import { createOrganization, operatorOrganization } from './orgs.ts';

async function withKeys(run: (s: { db: Db; keys: OrganizationKeys; serverKey: ServerKey; dir: string; room: (org?: string) => Promise<string> }) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'moot-org-keys-'));
  const db = await openDatabase(join(dir, 'data'));
  try {
    const { key: serverKey } = ServerKey.open(join(dir, 'server.key'));
    const owner = await createUser(db, { email: 'owner@example.test', name: 'Owner', role: 'member' });
    const room = async (org?: string) => (await createRoom(db, owner.id, { name: 'Room', guests: 'off', ...(org ? { organizationId: org } : {}) }, 10)).id;
    await run({ db, keys: new OrganizationKeys(db, serverKey, join(dir, 'orgs')), serverKey, dir, room });
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const dataKey = Buffer.alloc(32, 7);

test("the operator's recordings use the server key, and data keys it wrapped before organizations still open", async () => {
  await withKeys(async ({ keys, serverKey, room, dir }) => {
    const roomId = await room();
    assert.ok((await keys.unwrap(await keys.wrap(dataKey, 'rec', roomId), 'rec', roomId)).equals(dataKey));
    // Sealed as before organizations: "v1", the recording id alone as AAD.
    const iv = randomBytes(12);
    const raw = Buffer.from((JSON.parse(readFileSync(join(dir, 'server.key'), 'utf8')) as { key: string }).key, 'base64');
    const cipher = createCipheriv('aes-256-gcm', raw, iv).setAAD(Buffer.from('old'));
    const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    const v1 = ['v1', serverKey.id, ...[iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url'))].join('.');
    assert.ok((await keys.unwrap(v1, 'old', roomId)).equals(dataKey));
  });
});

test("another organization's recordings are wrapped by its own key file, made on first need with mode 0600", async () => {
  await withKeys(async ({ db, keys, room }) => {
    const org = await createOrganization(db, { slug: 'alpha', name: 'Alpha' });
    const roomId = await room(org.id);
    const wrapped = await keys.wrap(dataKey, 'rec', roomId);
    assert.equal(statSync(keys.file(org.id)).mode & 0o777, 0o600);
    const { id } = JSON.parse(readFileSync(keys.file(org.id), 'utf8')) as { id: string };
    assert.equal(wrapped.split('.')[1], id, 'wrapped by the organization key');
    assert.ok((await keys.unwrap(wrapped, 'rec', roomId)).equals(dataKey));
  });
});

test("a row moved to another organization's room does not open, whether the key differs or only the organization", async () => {
  await withKeys(async ({ db, keys, room, serverKey }) => {
    const a = await createOrganization(db, { slug: 'alpha', name: 'Alpha' });
    const b = await createOrganization(db, { slug: 'beta', name: 'Beta' });
    const aRoom = await room(a.id);
    const bRoom = await room(b.id);
    const operatorRoom = await room();
    const fromA = await keys.wrap(dataKey, 'rec', aRoom);
    await keys.wrap(dataKey, 'other', bRoom);
    await assert.rejects(keys.unwrap(fromA, 'rec', bRoom), RecordingKeyMissingError);
    await assert.rejects(keys.unwrap(fromA, 'rec', operatorRoom), RecordingKeyMissingError);
    await assert.rejects(keys.unwrap(await keys.wrap(dataKey, 'rec', operatorRoom), 'rec', aRoom), RecordingKeyMissingError);
    // Same key, other organization: the binding alone refuses it.
    const sameKey = serverKey.wrap(dataKey, { recordingId: 'rec', organizationId: a.id, legacy: false });
    await assert.rejects(keys.unwrap(sameKey, 'rec', operatorRoom), /authenticate/);
  });
});

test("deleting an organization's key file makes its recordings a missing key, and leaves the others' readable", async () => {
  await withKeys(async ({ db, keys, room }) => {
    const a = await createOrganization(db, { slug: 'alpha', name: 'Alpha' });
    const b = await createOrganization(db, { slug: 'beta', name: 'Beta' });
    const aRoom = await room(a.id);
    const bRoom = await room(b.id);
    const fromA = await keys.wrap(dataKey, 'ra', aRoom);
    const fromB = await keys.wrap(dataKey, 'rb', bRoom);
    rmSync(keys.file(a.id));
    await assert.rejects(keys.unwrap(fromA, 'ra', aRoom), RecordingKeyMissingError);
    assert.ok((await keys.unwrap(fromB, 'rb', bRoom)).equals(dataKey));
  });
});

test('a key the organization supplies is taken before its first recording, and refused once recordings are sealed under another', async () => {
  await withKeys(async ({ db, keys, room, dir }) => {
    const org = await createOrganization(db, { slug: 'alpha', name: 'Alpha' });
    const keyText = (name: string) => {
      ServerKey.open(join(dir, name));
      return readFileSync(join(dir, name), 'utf8');
    };
    const supplied = keyText('supplied.key');
    const { keyId } = await keys.adopt(org, supplied, 'supplied.key');
    assert.equal(statSync(keys.file(org.id)).mode & 0o777, 0o600);
    const roomId = await room(org.id);
    const wrapped = await keys.wrap(dataKey, 'rec', roomId);
    assert.equal(wrapped.split('.')[1], keyId);
    await insertRecording(db, {
      id: 'rec', room_id: roomId, name: 'Room', origin: 'import', state: 'ready', progress: 100, error: null, wrapped_key: wrapped,
      size: 0, duration_ms: 1000, started_by: 'Owner', started_at: new Date().toISOString(), ended_at: new Date().toISOString(),
    });
    await keys.adopt(org, supplied, 'supplied.key');
    const another = keyText('another.key');
    await assert.rejects(keys.adopt(org, another, 'another.key'), OrganizationKeyInUseError);
    await assert.rejects(keys.adopt(org, '{"format":"other"}', 'bad.key'), /bad.key is not a moot recordings key/);
    await assert.rejects(keys.adopt(await operatorOrganization(db), supplied, 'supplied.key'), OrganizationKeyInUseError);
  });
});
