import type { ChatMessageView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import { randomId } from '../ids.ts';
import type { ReadyNotes } from './jobs.ts';
import { insertRecording, type RecordingRow } from './store.ts';
import type { Vault } from './vault.ts';
import type { OnProgress } from '../backup/progress.ts';

export interface ImportInput {
  roomId: string;
  /** A playable video file (WebM or MP4), read once and encrypted into the vault. */
  file: string;
  contentType: ReadyNotes['contentType'];
  name: string;
  durationMs: number;
  startedAt: string;
  endedAt: string;
  startedBy: string;
  chat?: ChatMessageView[];
  /** Bytes of the file encrypted so far. */
  onProgress?: OnProgress;
}

/** Seals a finished video from elsewhere into the vault with its own data key, as a ready recording of a room. */
export async function importRecording(db: Db, vault: Vault, input: ImportInput): Promise<RecordingRow> {
  const id = randomId();
  const { dataKey, wrapped } = await vault.newKey(id, input.roomId);
  const size = await vault.sealMedia(id, dataKey, input.file, input.onProgress);
  const notes: ReadyNotes = { contentType: input.contentType, chat: input.chat ?? [], speakers: [] };
  await vault.sealNotes(id, dataKey, notes);
  const row: RecordingRow = {
    id,
    room_id: input.roomId,
    name: input.name.slice(0, 200),
    origin: 'import',
    state: 'ready',
    progress: 100,
    error: null,
    wrapped_key: wrapped,
    size,
    duration_ms: input.durationMs,
    started_by: input.startedBy,
    started_at: input.startedAt,
    ended_at: input.endedAt,
  };
  try {
    await insertRecording(db, row);
  } catch (err) {
    await vault.remove(id);
    throw err;
  }
  return row;
}
