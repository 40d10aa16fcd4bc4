import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../audit/audit.ts';
import { findBbbMeeting, saveRecordingExtras } from '../bbb/store.ts';
import { importRecording } from '../recordings/import.ts';
import type { Vault } from '../recordings/vault.ts';
import { findRoom } from '../rooms/rooms.ts';
import type { Db } from '../store/db.ts';
import { parseChat, parseMetadata, type BbbRecordingMetadata } from './bbb-recording-xml.ts';
import { buildMedia, findMedia, hasMedia } from './bbb-recording-media.ts';

/** How the `imported` table names what came from BigBlueButton. */
const SOURCE = 'bigbluebutton';

export type ItemStatus = 'imported' | 'would-import' | 'skipped' | 'failed';

export interface ImportItem {
  recordId: string;
  name: string;
  meetingId: string | null;
  startedAt: string | null;
  durationMs: number;
  chat: number;
  room: { id: string; name: string } | null;
  /** How the room was found. */
  matchedBy: 'bbb-api' | 'imported-meeting' | 'room-id' | 'room-name' | null;
  status: ItemStatus;
  /** Why a recording was skipped or failed. */
  reason?: string;
  recordingId?: string;
}

export interface ImportReport {
  dir: string;
  dryRun: boolean;
  items: ImportItem[];
  summary: Record<ItemStatus, number>;
}

/** The folder given is not a copy of BigBlueButton's published recordings. */
export class NotPublishedFolderError extends Error {}

export interface ImportOptions {
  dir: string;
  dryRun: boolean;
  /** Also take a room whose name is the meeting's, when exactly one room has it. */
  matchNames: boolean;
  actor: string;
}

/** The recordIDs of a published folder, from its `presentation/` and `video/` formats. */
async function recordIds(dir: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const format of ['presentation', 'video']) {
    for (const id of await readdir(join(dir, format)).catch(() => [])) {
      if (existsSync(join(dir, format, id, 'metadata.xml'))) ids.add(id);
    }
  }
  return [...ids].sort();
}

async function metadataOf(dir: string, recordId: string): Promise<BbbRecordingMetadata> {
  const file = ['presentation', 'video'].map((f) => join(dir, f, recordId, 'metadata.xml')).find((f) => existsSync(f))!;
  return parseMetadata(await readFile(file, 'utf8'));
}

/**
 * The room a BigBlueButton meeting became, most certain first: the meetingID the API maps
 * (integrations that keep calling moot), a meeting id an import recorded, a room whose moot id
 * is the meetingID; by name only when asked and unambiguous, since a name match could hand a
 * recording to a stranger.
 */
async function roomOf(db: Db, meta: BbbRecordingMetadata, matchNames: boolean): Promise<{ roomId: string; matchedBy: NonNullable<ImportItem['matchedBy']> } | { reason: string }> {
  const meetingId = meta.meetingId;
  if (meetingId) {
    const mapped = await findBbbMeeting(db, meetingId);
    if (mapped) return { roomId: mapped.roomId, matchedBy: 'bbb-api' };
    const imported = await db.selectFrom('imported').select('target_id').where('kind', '=', 'meeting').where('source_id', '=', meetingId).executeTakeFirst();
    if (imported) return { roomId: imported.target_id, matchedBy: 'imported-meeting' };
    if (await findRoom(db, meetingId)) return { roomId: meetingId, matchedBy: 'room-id' };
  }
  const meetingName = meta.meta.meetingName;
  if (matchNames && meetingName) {
    const named = await db.selectFrom('rooms').select('id').where('name', '=', meetingName).limit(2).execute();
    if (named.length === 1) return { roomId: named[0]!.id, matchedBy: 'room-name' };
    if (named.length > 1) return { reason: `several rooms are named "${meetingName}"` };
  }
  return { reason: meetingId ? `no room for meeting ${meetingId}` : 'the recording names no meeting' };
}

async function alreadyImported(db: Db, recordId: string): Promise<string | undefined> {
  const row = await db.selectFrom('imported').select('target_id').where('source', '=', SOURCE).where('kind', '=', 'recording').where('source_id', '=', recordId).executeTakeFirst();
  return row?.target_id;
}

async function importOne(db: Db, vault: () => Vault, options: ImportOptions, recordId: string): Promise<ImportItem> {
  const { dir } = options;
  const item: ImportItem = { recordId, name: recordId, meetingId: null, startedAt: null, durationMs: 0, chat: 0, room: null, matchedBy: null, status: 'skipped' };
  let meta: BbbRecordingMetadata;
  try {
    meta = await metadataOf(dir, recordId);
  } catch (err) {
    return { ...item, status: 'failed', reason: `metadata.xml: ${(err as Error).message}` };
  }
  const chatFile = join(dir, 'presentation', recordId, 'slides_new.xml');
  const chat = existsSync(chatFile) ? parseChat(await readFile(chatFile, 'utf8'), meta.startMs) : [];
  Object.assign(item, { name: meta.name, meetingId: meta.meetingId ?? null, startedAt: new Date(meta.startMs).toISOString(), durationMs: meta.durationMs, chat: chat.length });

  const done = await alreadyImported(db, recordId);
  if (done) return { ...item, recordingId: done, reason: 'imported before' };
  const found = await roomOf(db, meta, options.matchNames);
  if ('reason' in found) return { ...item, reason: found.reason };
  const room = await findRoom(db, found.roomId);
  if (!room) return { ...item, reason: `the room ${found.roomId} no longer exists` };
  Object.assign(item, { room: { id: room.id, name: room.name }, matchedBy: found.matchedBy });
  const media = findMedia(dir, recordId);
  if (!hasMedia(media)) return { ...item, status: 'failed', reason: 'no video or audio file (video-0.m4v, webcams, audio)' };
  if (options.dryRun) return { ...item, status: 'would-import' };

  const scratch = await mkdtemp(join(tmpdir(), 'moot-bbb-import-'));
  try {
    const built = await buildMedia(media, join(scratch, 'recording.webm'), meta.durationMs);
    const row = await importRecording(db, vault(), {
      roomId: room.id,
      file: built.file,
      contentType: built.contentType,
      name: meta.name,
      durationMs: built.durationMs,
      startedAt: new Date(meta.startMs).toISOString(),
      endedAt: new Date(meta.endMs).toISOString(),
      startedBy: options.actor,
      chat,
    });
    await db.insertInto('imported').values({ source: SOURCE, kind: 'recording', source_id: recordId, target_id: row.id, imported_at: new Date().toISOString() }).execute();
    // Announced already: an old recording must not call the integration's recording-ready hook again.
    await saveRecordingExtras(db, row.id, { published: meta.published, metadata: meta.meta, announced: true });
    await audit(db, { actor: options.actor, action: 'recording.import', target: row.id, origin: 'cli', details: { room: room.id, bbbRecordId: recordId } });
    return { ...item, status: 'imported', recordingId: row.id };
  } catch (err) {
    return { ...item, status: 'failed', reason: (err as Error).message };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Turns a copy of BigBlueButton's published recordings into encrypted moot recordings of the
 * rooms their meetings became, keeping each recordID (a second run skips what came over), name,
 * start, duration, chat and metadata. One recording failing does not stop the others. The vault
 * is opened only to write: a dry run creates no key file.
 */
export async function importBbbRecordings(db: Db, vault: () => Vault, options: ImportOptions, onEach: (done: number, total: number) => void = () => undefined): Promise<ImportReport> {
  if (!existsSync(join(options.dir, 'presentation')) && !existsSync(join(options.dir, 'video'))) {
    throw new NotPublishedFolderError(`${options.dir} is not a BigBlueButton published folder (it has neither presentation/ nor video/)`);
  }
  const ids = await recordIds(options.dir);
  const items: ImportItem[] = [];
  for (const id of ids) {
    items.push(await importOne(db, vault, options, id));
    onEach(items.length, ids.length);
  }
  const summary: Record<ItemStatus, number> = { imported: 0, 'would-import': 0, skipped: 0, failed: 0 };
  for (const item of items) summary[item.status]++;
  return { dir: options.dir, dryRun: options.dryRun, items, summary };
}
