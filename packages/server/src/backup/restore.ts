import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import type { Config } from '../config.ts';
import { ServerKey } from '../recordings/keys.ts';
import { keyFilePath, organizationKeysDir } from '../recordings/service.ts';
import { recDb } from '../recordings/store.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { migrations } from '../store/migrations.ts';
import { CONFIG_FILE, DATABASE, isBackupEntry, Manifest, MANIFEST, RECORDINGS, SLIDES } from './manifest.ts';
import type { OnProgress } from './progress.ts';

/** A restore that cannot go ahead, told in words an operator acts on. */
export class RestoreError extends Error {}

export interface RestoreSummary {
  dataDir: string;
  manifest: Manifest;
  users: number;
  rooms: number;
  recordings: number;
  keyFile: string;
  /** Things that will not work until the operator acts (a missing or different recordings key). */
  warnings: string[];
}

/** Unpacks only what a moot backup holds, as plain files and folders, into `dir`. */
async function unpack(file: string, dir: string, onProgress: OnProgress): Promise<void> {
  const total = (await stat(file)).size;
  const refused: string[] = [];
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      onProgress(read, total);
      done(null, chunk);
    },
  });
  const unpacker = extract({
    cwd: dir,
    strict: true,
    filter: (path, entry) => {
      const type = 'type' in entry ? entry.type : undefined;
      const ok = isBackupEntry(path) && (type === 'File' || type === 'Directory');
      if (!ok) refused.push(path);
      return ok;
    },
  });
  await pipeline(createReadStream(file), counter, unpacker).catch((err: Error) => {
    throw new RestoreError(`${file} is not a readable backup: ${err.message}`);
  });
  if (refused.length > 0) throw new RestoreError(`${file} is not a moot backup: it holds ${refused.slice(0, 3).join(', ')}`);
}

async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => undefined);
  const parsed = text === undefined ? undefined : Manifest.safeParse(JSON.parse(text));
  if (!parsed?.success) throw new RestoreError('the archive has no valid moot backup manifest');
  if (!(parsed.data.migration in migrations('sqlite'))) {
    throw new RestoreError(`the backup was made by a newer moot (${parsed.data.mootVersion}, database at ${parsed.data.migration}): upgrade moot first`);
  }
  return parsed.data;
}

/** What a forced restore replaces: the database, the vault's files, the presentations and the configuration the backup brings. Nothing else (a key file kept in the folder stays). */
async function clearForRestore(dataDir: string, replacesConfig: boolean): Promise<void> {
  const names = [DATABASE, `${DATABASE}-wal`, `${DATABASE}-shm`, 'server-start.json', ...(replacesConfig ? [CONFIG_FILE] : [])];
  await Promise.all(names.map((name) => rm(join(dataDir, name), { force: true })));
  const vault = join(dataDir, RECORDINGS);
  const files = await readdir(vault).catch(() => []);
  await Promise.all(files.filter((f) => /\.(media|notes)$/.test(f)).map((f) => rm(join(vault, f), { force: true })));
  await rm(join(dataDir, SLIDES), { recursive: true, force: true });
}

/** Moves the unpacked presentations in, each room's folder readable by moot's user only, as the server makes them. */
async function moveSlides(staging: string, dataDir: string): Promise<void> {
  for (const room of await readdir(join(staging, SLIDES), { withFileTypes: true }).catch(() => [])) {
    if (!room.isDirectory()) continue;
    await mkdir(join(dataDir, SLIDES, room.name), { recursive: true, mode: 0o700 });
    for (const deck of await readdir(join(staging, SLIDES, room.name), { withFileTypes: true })) {
      if (deck.isFile()) await rename(join(staging, SLIDES, room.name, deck.name), join(dataDir, SLIDES, room.name, deck.name));
    }
  }
}

async function count(db: Db, table: 'users' | 'rooms'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organizations that have recordings, each with one of them to try its key on. */
async function sealedSamples(db: Db) {
  const orgs = await db.selectFrom('organizations').select(['id', 'slug', 'operator']).execute();
  const samples = await Promise.all(
    orgs.map(async (org) => {
      const row = await recDb(db)
        .selectFrom('recordings')
        .innerJoin('rooms', 'rooms.id', 'recordings.room_id')
        .select(['recordings.id', 'recordings.wrapped_key'])
        .where('rooms.organization_id', '=', org.id)
        .where('recordings.wrapped_key', 'is not', null)
        .executeTakeFirst();
      return row?.wrapped_key ? { org, id: row.id, wrapped: row.wrapped_key } : undefined;
    }),
  );
  return samples.filter((s) => s !== undefined);
}

/** Says what is wrong with the recordings keys on this machine, if anything: the server key, and each organization's. */
async function keyWarnings(db: Db, config: Config): Promise<string[]> {
  const warnings: string[] = [];
  for (const { org, id, wrapped } of await sealedSamples(db)) {
    const operator = org.operator === 1;
    const file = operator ? keyFilePath(config) : join(organizationKeysDir(config), `${org.id}.key`);
    const whose = operator ? 'recordings key' : `recordings key of organization ${org.slug}`;
    if (!existsSync(file)) {
      warnings.push(`no ${whose} at ${file}: copy the old installation's key file there before starting moot, or its restored recordings cannot be played`);
      continue;
    }
    try {
      ServerKey.open(file).key.unwrap(wrapped, { recordingId: id, organizationId: org.id, legacy: operator });
    } catch {
      warnings.push(`the ${whose} at ${file} is not the one its recordings were sealed with: put the old installation's key file there`);
    }
  }
  return warnings;
}

/**
 * Restores a backup into the configured data folder, which must be empty (or `force`). The
 * archive is unpacked beside the folder first and checked, then moved in; the database is then
 * brought up to this moot's schema.
 */
export async function restoreBackup(config: Config, file: string, options: { force: boolean }, onProgress: OnProgress): Promise<RestoreSummary> {
  const dataDir = config.data.dir;
  if (!existsSync(file)) throw new RestoreError(`${file} does not exist`);
  const present = await readdir(dataDir).catch(() => []);
  if (present.length > 0 && !options.force) throw new RestoreError(`${dataDir} is not empty: restore into a fresh data folder, or add --force to replace its database, recordings and presentations`);
  await mkdir(dirname(dataDir), { recursive: true });
  const staging = await mkdtemp(`${dataDir}.restoring-`);
  try {
    await unpack(file, staging, onProgress);
    const manifest = await readManifest(staging);
    if (!existsSync(join(staging, DATABASE))) throw new RestoreError('the archive has no database');
    const hasConfig = existsSync(join(staging, CONFIG_FILE));
    await mkdir(join(dataDir, RECORDINGS), { recursive: true, mode: 0o700 });
    await clearForRestore(dataDir, hasConfig);
    for (const name of [DATABASE, ...(hasConfig ? [CONFIG_FILE] : [])]) await rename(join(staging, name), join(dataDir, name));
    for (const name of await readdir(join(staging, RECORDINGS)).catch(() => [])) {
      await rename(join(staging, RECORDINGS, name), join(dataDir, RECORDINGS, name));
    }
    await moveSlides(staging, dataDir);
    const db = await openDatabase(dataDir);
    try {
      const keyFile = keyFilePath(config);
      const recordings = await recDb(db).selectFrom('recordings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return {
        dataDir,
        manifest,
        users: await count(db, 'users'),
        rooms: await count(db, 'rooms'),
        recordings: Number(recordings.n),
        keyFile,
        warnings: await keyWarnings(db, config),
      };
    } finally {
      await db.destroy();
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
