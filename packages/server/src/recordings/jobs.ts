import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { compose } from './compose.ts';
import type { LiveNotes } from './live.ts';
import { findRecording, listRecordings, updateRecording } from './store.ts';
import { speakers } from './timeline.ts';
import type { Vault } from './vault.ts';

/** What the notes of a ready recording hold: the media type, its chat and who spoke when. */
export interface ReadyNotes {
  contentType: 'video/webm' | 'video/mp4';
  chat: LiveNotes['chat'];
  speakers: { at: number; name: string }[];
}

/**
 * The processing queue: turns a stopped meeting's raw .mjr files into one encrypted video, one
 * recording at a time (composing is CPU-heavy). Its state lives in the database, so pending
 * work resumes when the server starts again. Raw and intermediate files are deleted whatever
 * the outcome: nothing watchable stays on disk.
 */
export class Jobs {
  private queue: string[] = [];
  private running: Promise<void> | undefined;
  private halted = false;

  constructor(
    private db: Db,
    private vault: Vault,
    private workRoot: string,
    private log: Logger,
  ) {}

  /** At start-up: finish what was being processed; a recording cut off by a crash has no timeline and fails. */
  async resume(): Promise<void> {
    for (const row of await listRecordings(this.db, { state: 'recording' })) {
      await this.fail(row.id, 'the server stopped while this meeting was being recorded');
    }
    for (const row of await listRecordings(this.db, { state: 'processing' })) this.enqueue(row.id);
  }

  enqueue(id: string): void {
    if (this.halted) return;
    this.queue.push(id);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Shutdown: take no more work; what is pending stays `processing` and resumes at the next start. */
  halt(): void {
    this.halted = true;
    this.queue = [];
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      await this.process(id).catch((err: Error) => (this.halted ? undefined : this.fail(id!, err.message)));
    }
  }

  private async process(id: string): Promise<void> {
    const row = await findRecording(this.db, id);
    if (!row || row.state !== 'processing') return;
    const workDir = join(this.workRoot, id);
    const scratch = await mkdtemp(join(tmpdir(), 'moot-recording-'));
    try {
      const notes = await this.vault.readNotes<LiveNotes>(row);
      const output = join(scratch, 'recording.webm');
      let shown = -1;
      await compose({
        ...notes,
        workDir,
        scratch,
        output,
        onProgress: async (percent) => {
          if (percent < shown + 5) return;
          shown = percent;
          await updateRecording(this.db, id, { progress: percent });
        },
      });
      const dataKey = this.vault.dataKey(row);
      const size = await this.vault.sealMedia(id, dataKey, output);
      const ready: ReadyNotes = { contentType: 'video/webm', chat: notes.chat, speakers: speakers(notes.tracks, notes.events) };
      await this.vault.sealNotes(id, dataKey, ready);
      await updateRecording(this.db, id, { state: 'ready', progress: 100, size });
      await rm(workDir, { recursive: true, force: true });
      this.log.info({ recording: id, size }, 'recording ready');
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async fail(id: string, reason: string): Promise<void> {
    this.log.error({ recording: id, err: reason }, 'recording failed');
    await rm(join(this.workRoot, id), { recursive: true, force: true });
    await updateRecording(this.db, id, { state: 'failed', error: reason });
  }
}
