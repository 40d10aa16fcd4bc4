import { createWriteStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { create as tar } from 'tar';
import type { Config } from '../config.ts';
import { SlideFiles } from '../slides/files.ts';
import { CONFIG_FILE, DATABASE, MANIFEST, RECORDINGS, mootVersion, slidesEntry, type Manifest } from './manifest.ts';
import type { OnProgress } from './progress.ts';

export interface BackupSummary {
  file: string;
  manifest: Manifest;
  bytes: number;
  /** Recordings in the snapshot whose files were gone by the time they were archived (deleted meanwhile). */
  missing: string[];
  /** Presentations in the snapshot whose PDFs were gone (deleted meanwhile), by deck id. */
  missingSlides: string[];
}

interface Deck {
  roomId: string;
  deckId: string;
}

/**
 * A consistent copy of the database, taken while the server may be writing: `VACUUM INTO` reads
 * in one transaction, which in WAL mode never blocks the server's writes.
 */
function snapshot(dataDir: string, target: string): { migration: string; recordings: string[]; decks: Deck[] } {
  const source = new SQLite(join(dataDir, DATABASE), { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(target);
  } finally {
    source.close();
  }
  const copy = new SQLite(target, { readonly: true });
  try {
    const migration = copy.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').pluck().get() as string | undefined;
    // Only ready recordings have their encrypted video: one still being recorded, processed or
    // failed has raw, unencrypted streams, which never leave the machine.
    const recordings = copy.prepare("SELECT id FROM recordings WHERE wrapped_key IS NOT NULL AND state = 'ready'").pluck().all() as string[];
    // A database not yet migrated since presentations came has no table of them.
    const hasDecks = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'slide_decks'").get() !== undefined;
    const decks = hasDecks ? (copy.prepare('SELECT room_id AS roomId, id AS deckId FROM slide_decks').all() as Deck[]) : [];
    return { migration: migration ?? '', recordings, decks };
  } finally {
    copy.close();
  }
}

/**
 * Writes a backup of the installation to `file`: the database snapshot, the configuration file,
 * and the encrypted recordings and the presentations the snapshot knows, with a manifest. The
 * archive is written beside `file` and renamed into place, so a failed run never leaves a
 * truncated backup.
 */
export async function createBackup(config: Config, file: string, onProgress: OnProgress): Promise<BackupSummary> {
  const dataDir = config.data.dir;
  if (!existsSync(join(dataDir, DATABASE))) throw new Error(`${dataDir} holds no moot database`);
  const staging = await mkdtemp(join(dirname(file), '.moot-backup-'));
  try {
    const { migration, recordings, decks } = snapshot(dataDir, join(staging, DATABASE));
    // It holds password hashes and the API secret: readable by moot's user only, here and once restored.
    await chmod(join(staging, DATABASE), 0o600);
    const entries = [MANIFEST, DATABASE];
    if (existsSync(join(dataDir, CONFIG_FILE))) {
      await copyFile(join(dataDir, CONFIG_FILE), join(staging, CONFIG_FILE));
      entries.push(CONFIG_FILE);
    }
    // Links into the vault, followed when archived: the encrypted files are read once, in place.
    await mkdir(join(staging, RECORDINGS), { mode: 0o700 });
    let total = (await stat(join(staging, DATABASE))).size;
    const missing: string[] = [];
    for (const id of recordings) {
      const parts = ['media', 'notes'].map((part) => `${id}.${part}`);
      const sizes = await Promise.all(parts.map((name) => stat(join(dataDir, RECORDINGS, name)).then((s) => s.size, () => undefined)));
      if (sizes.some((s) => s === undefined)) {
        missing.push(id);
        continue;
      }
      for (const name of parts) {
        await symlink(join(dataDir, RECORDINGS, name), join(staging, RECORDINGS, name));
        entries.push(`${RECORDINGS}/${name}`);
      }
      total += sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
    }
    const slideFiles = new SlideFiles(dataDir);
    const missingSlides: string[] = [];
    for (const { roomId, deckId } of decks) {
      const source = slideFiles.path(roomId, deckId);
      const size = await stat(source).then((s) => s.size, () => undefined);
      if (size === undefined) {
        missingSlides.push(deckId);
        continue;
      }
      const entry = slidesEntry(roomId, deckId);
      await mkdir(dirname(join(staging, entry)), { recursive: true, mode: 0o700 });
      await symlink(source, join(staging, entry));
      entries.push(entry);
      total += size;
    }
    const manifest: Manifest = {
      format: 'moot-backup',
      version: 1,
      mootVersion: mootVersion(),
      migration,
      createdAt: new Date().toISOString(),
      recordings: recordings.length - missing.length,
      slides: decks.length - missingSlides.length,
    };
    await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });

    let written = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        onProgress(Math.min(written, total), total);
        done(null, chunk);
      },
    });
    const partial = `${file}.partial`;
    // Not compressed: recordings are ciphertext, which does not shrink.
    try {
      await pipeline(tar({ cwd: staging, follow: true, portable: true }, entries), counter, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, file);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    onProgress(total, total);
    return { file, manifest, bytes: written, missing, missingSlides };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
