import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EncryptedFile, encryptBuffer, encryptor } from './cipher.ts';
import { newDataKey } from './keys.ts';
import type { RecordingKeys } from '../orgs/keys.ts';
import type { RecordingRow } from './store.ts';
import type { OnProgress } from '../backup/progress.ts';

type Part = 'media' | 'notes';
/** What opening a recording needs of its row: the room says whose key wrapped it. */
type Sealed = Pick<RecordingRow, 'id' | 'wrapped_key' | 'room_id'>;

/** What each sealed file is, in its authenticated data: the video and the notes of one recording are not interchangeable. */
const binding = (id: string, part: Part) => `moot recording ${id} ${part}`;

/**
 * Where recordings rest, encrypted: `<id>.media` (the video) and `<id>.notes` (JSON: chat,
 * who spoke when, and for a meeting still being processed, its timeline). Both are sealed with
 * the recording's own data key; only the data key wrapped by its organization's key is kept, in
 * the database.
 * Beside them, under `rawRoot`, the folders where Janus writes each recording's raw streams: not
 * encrypted, so they live only until the recording is processed (or, after a failure, until it
 * is tried again, deleted, or left too long).
 */
export class Vault {
  constructor(
    readonly dir: string,
    private keys: RecordingKeys,
    readonly rawRoot: string,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  rawDir(id: string): string {
    return join(this.rawRoot, id);
  }

  /** True while the raw streams of a recording are still on disk. */
  async hasRaw(id: string): Promise<boolean> {
    const files = await readdir(this.rawDir(id)).catch(() => []);
    return files.some((f) => f.endsWith('.mjr'));
  }

  /** The recordings that have a raw folder, and when each last changed. */
  async rawFolders(): Promise<{ id: string; changedMs: number }[]> {
    const names = await readdir(this.rawRoot).catch(() => []);
    return Promise.all(names.map(async (id) => ({ id, changedMs: (await stat(this.rawDir(id)).catch(() => undefined))?.mtimeMs ?? 0 })));
  }

  async removeRaw(id: string): Promise<void> {
    await rm(this.rawDir(id), { recursive: true, force: true });
  }

  /** True when the sealed notes are there (a meeting cut off by a crash never got any). */
  async hasNotes(id: string): Promise<boolean> {
    return (await stat(this.path(id, 'notes')).catch(() => undefined))?.isFile() === true;
  }

  /** A fresh data key for a recording of a room, and the wrapped form that goes in its row. */
  async newKey(recordingId: string, roomId: string): Promise<{ dataKey: Buffer; wrapped: string }> {
    const dataKey = newDataKey();
    return { dataKey, wrapped: await this.keys.wrap(dataKey, recordingId, roomId) };
  }

  async dataKey(row: Sealed): Promise<Buffer> {
    if (!row.wrapped_key) throw new Error('this recording has been shredded');
    return this.keys.unwrap(row.wrapped_key, row.id, row.room_id);
  }

  private path(id: string, part: Part): string {
    return join(this.dir, `${id}.${part}`);
  }

  /** Encrypts a plaintext file into the vault; returns its plaintext size. */
  async sealMedia(id: string, dataKey: Buffer, plainPath: string, onProgress: OnProgress = () => undefined): Promise<number> {
    const total = (await stat(plainPath)).size;
    let size = 0;
    const count = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        onProgress(size, total);
        yield chunk;
      }
    };
    await pipeline(createReadStream(plainPath), count, encryptor(dataKey, binding(id, 'media')), createWriteStream(this.path(id, 'media'), { mode: 0o600 }));
    return size;
  }

  async sealNotes(id: string, dataKey: Buffer, notes: unknown): Promise<void> {
    await writeFile(this.path(id, 'notes'), await encryptBuffer(dataKey, Buffer.from(JSON.stringify(notes)), binding(id, 'notes')), { mode: 0o600 });
  }

  async openMedia(row: Sealed): Promise<EncryptedFile> {
    return EncryptedFile.open(this.path(row.id, 'media'), await this.dataKey(row), binding(row.id, 'media'));
  }

  async readNotes<T>(row: Sealed): Promise<T> {
    const file = await EncryptedFile.open(this.path(row.id, 'notes'), await this.dataKey(row), binding(row.id, 'notes'));
    return JSON.parse((await file.readAll()).toString('utf8')) as T;
  }

  async remove(id: string): Promise<void> {
    await Promise.all([...(['media', 'notes'] as const).map((part) => rm(this.path(id, part), { force: true })), this.removeRaw(id)]);
  }
}
