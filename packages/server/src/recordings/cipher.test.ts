import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK, EncryptedFile, encryptBuffer } from './cipher.ts';
import { ServerKey } from './keys.ts';
import { Vault } from './vault.ts';
import type { RecordingKeys } from '../orgs/keys.ts';

/** One key for every room: which organization's key applies is `orgs/keys.test.ts`'s matter. */
function oneKey(key: ServerKey): RecordingKeys {
  const binding = (recordingId: string) => ({ recordingId, organizationId: 'org', legacy: false });
  return {
    wrap: async (dataKey, recordingId) => key.wrap(dataKey, binding(recordingId)),
    unwrap: async (wrapped, recordingId) => key.unwrap(wrapped, binding(recordingId)),
  };
}

async function withVault(run: (vault: Vault, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'moot-cipher-'));
  try {
    const { key } = ServerKey.open(join(dir, 'key'));
    await run(new Vault(join(dir, 'vault'), oneKey(key), join(dir, 'raw')), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a recording's video and notes swapped on disk both fail to decrypt", async () => {
  await withVault(async (vault, dir) => {
    const id = 'recording-one';
    const { dataKey, wrapped } = await vault.newKey(id, 'room');
    const video = join(dir, 'video.webm');
    writeFileSync(video, randomBytes(3 * CHUNK + 17));
    await vault.sealMedia(id, dataKey, video);
    await vault.sealNotes(id, dataKey, { chat: [], speakers: [] });
    const row = { id, wrapped_key: wrapped, room_id: 'room' };
    assert.deepEqual(await vault.readNotes(row), { chat: [], speakers: [] }, 'in place, both read');

    const path = (part: string) => join(vault.dir, `${id}.${part}`);
    renameSync(path('media'), path('swap'));
    renameSync(path('notes'), path('media'));
    renameSync(path('swap'), path('notes'));
    await assert.rejects(vault.readNotes(row), /authenticate/);
    await assert.rejects((await vault.openMedia(row)).readAll(), /authenticate/);
  });
});

test('a file sealed for one recording or role does not open as another, even under the same key', async () => {
  const key = randomBytes(32);
  const dir = mkdtempSync(join(tmpdir(), 'moot-cipher-'));
  try {
    const file = join(dir, 'sealed');
    writeFileSync(file, await encryptBuffer(key, Buffer.from('notes of A'), 'moot recording A notes'));
    assert.equal((await (await EncryptedFile.open(file, key, 'moot recording A notes')).readAll()).toString(), 'notes of A');
    for (const other of ['moot recording B notes', 'moot recording A media']) {
      await assert.rejects((await EncryptedFile.open(file, key, other)).readAll(), /authenticate/, other);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A file in the first format ("MOOTENC1": AAD of header, index and last flag only), as earlier versions wrote it. */
function firstFormat(key: Buffer, plain: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.write('MOOTENC1');
  head.writeUInt32BE(CHUNK, 8);
  const parts = [head];
  const chunks = Math.max(1, Math.ceil(plain.length / CHUNK));
  for (let i = 0; i < chunks; i++) {
    const aad = Buffer.alloc(25);
    head.copy(aad);
    aad.writeBigUInt64BE(BigInt(i), 16);
    aad[24] = i === chunks - 1 ? 1 : 0;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
    parts.push(iv, cipher.update(plain.subarray(i * CHUNK, (i + 1) * CHUNK)), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(parts);
}

test('recordings sealed in the first format stay readable', async () => {
  await withVault(async (vault) => {
    const id = 'recording-old';
    const { dataKey, wrapped } = await vault.newKey(id, 'room');
    const video = randomBytes(2 * CHUNK + 5);
    writeFileSync(join(vault.dir, `${id}.media`), firstFormat(dataKey, video));
    writeFileSync(join(vault.dir, `${id}.notes`), firstFormat(dataKey, Buffer.from(JSON.stringify({ chat: ['hi'] }))));
    const row = { id, wrapped_key: wrapped, room_id: 'room' };
    assert.deepEqual(await vault.readNotes(row), { chat: ['hi'] });
    assert.ok((await (await vault.openMedia(row)).readAll()).equals(video));
    assert.deepEqual(readdirSync(vault.dir).sort(), [`${id}.media`, `${id}.notes`]);
  });
});
