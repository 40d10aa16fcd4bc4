import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { compose } from './compose.ts';
import { ProcessingError, readableReason, reasons } from './failure.ts';
import type { LiveNotes } from './live.ts';
import { findRecording, listRecordings, updateRecording, type RecordingRow } from './store.ts';
import { speakers } from './timeline.ts';
import type { Vault } from './vault.ts';
import type { SlideFiles } from '../slides/files.ts';

/** What the notes of a ready recording hold: the media type, its chat and who spoke when. */
export interface ReadyNotes {
  contentType: 'video/webm' | 'video/mp4';
  chat: LiveNotes['chat'];
  speakers: { at: number; name: string }[];
}

const notFailed: Record<Exclude<RecordingRow['state'], 'failed'>, string> = {
  recording: 'The meeting is still being recorded.',
  processing: 'It is being processed already.',
  ready: 'It is ready: there is nothing to try again.',
};

/**
 * The processing queue: turns a stopped meeting's raw .mjr files into one encrypted video, one
 * recording at a time (composing is CPU-heavy). Its state lives in the database, so pending
 * work resumes when the server starts again. Intermediate files are deleted whatever the
 * outcome, raw files once the video is sealed; a failed recording keeps its raw files so its
 * owner can try again (retention removes them after a while).
 */
/** Which recordings this process may work on: all of them, or, among several processes, those no other one has. */
export interface RecordingClaims {
  /** Takes the recording for processing here: the function that lets it go, or undefined when another process has it. */
  take(id: string): Promise<(() => Promise<void>) | undefined>;
  /** Whether the room's meeting runs in some process now, so a recording of it goes on there rather than having been cut off. */
  meetingRuns(roomId: string): Promise<boolean>;
}

export const ONE_PROCESS: RecordingClaims = { take: async () => async () => undefined, meetingRuns: async () => false };

export class Jobs {
  private queue: string[] = [];
  private running: Promise<void> | undefined;
  private halted = false;

  constructor(
    private db: Db,
    private vault: Vault,
    private slides: SlideFiles,
    private log: Logger,
    private claims: RecordingClaims = ONE_PROCESS,
  ) {}

  /** At start-up: finish what was being processed; a recording cut off by a crash has no timeline and fails. */
  async resume(): Promise<void> {
    for (const row of await listRecordings(this.db, { state: 'recording' })) {
      if (!(await this.claims.meetingRuns(row.room_id))) await this.fail(row.id, new ProcessingError(reasons.interrupted));
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

  /** Why a recording cannot be processed again, in words for its owner; undefined when it can (a failed one whose timeline and raw streams are kept). */
  async retryRefusal(row: RecordingRow): Promise<string | undefined> {
    if (row.state !== 'failed') return notFailed[row.state];
    if (!(await this.vault.hasNotes(row.id))) return reasons.notesGone;
    if (!(await this.vault.hasRaw(row.id))) return reasons.rawGone;
    if (this.halted) return 'The server is shutting down.';
    return undefined;
  }

  async canRetry(row: RecordingRow): Promise<boolean> {
    return (await this.retryRefusal(row)) === undefined;
  }

  /** Puts a failed recording back in the queue; answers why not when it cannot be processed again. */
  async retry(row: RecordingRow): Promise<string | undefined> {
    const refusal = await this.retryRefusal(row);
    if (refusal) return refusal;
    await updateRecording(this.db, row.id, { state: 'processing', progress: 0, error: null });
    this.enqueue(row.id);
    return undefined;
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      await this.process(id).catch((err: unknown) => (this.halted ? undefined : this.fail(id!, err)));
    }
  }

  private async process(id: string): Promise<void> {
    const release = await this.claims.take(id);
    if (!release) return;
    try {
      await this.processTaken(id);
    } finally {
      await release();
    }
  }

  private async processTaken(id: string): Promise<void> {
    const row = await findRecording(this.db, id);
    if (!row || row.state !== 'processing') return;
    if (!(await this.vault.hasNotes(id))) throw new ProcessingError(reasons.notesGone);
    // The folder goes when the raw streams are deleted; an empty one is a recording in which
    // nobody's stream carried a packet, which becomes a black and silent file.
    if (!existsSync(this.vault.rawDir(id))) throw new ProcessingError(reasons.rawGone);
    const scratch = await mkdtemp(join(tmpdir(), 'moot-recording-'));
    try {
      const notes = await this.vault.readNotes<LiveNotes>(row);
      const output = join(scratch, 'recording.webm');
      let shown = -1;
      await compose({
        ...notes,
        workDir: this.vault.rawDir(id),
        scratch,
        output,
        slidePdf: (deckId) => this.slides.path(row.room_id, deckId),
        log: this.log.child({ recording: id }),
        onProgress: async (percent) => {
          if (percent < shown + 5) return;
          shown = percent;
          await updateRecording(this.db, id, { progress: percent });
        },
      });
      const dataKey = await this.vault.dataKey(row);
      const size = await this.vault.sealMedia(id, dataKey, output);
      const ready: ReadyNotes = { contentType: 'video/webm', chat: notes.chat, speakers: speakers(notes.tracks, notes.events) };
      await this.vault.sealNotes(id, dataKey, ready);
      await updateRecording(this.db, id, { state: 'ready', progress: 100, size });
      await this.vault.removeRaw(id);
      this.log.info({ recording: id, size }, 'recording ready');
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Logs what went wrong in full and stores the reason its owner reads; raw files stay only if a retry could use them. */
  private async fail(id: string, err: unknown): Promise<void> {
    const reason = readableReason(err);
    this.log.error({ recording: id, err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined, reason }, 'recording failed');
    if (!(await this.vault.hasNotes(id))) await this.vault.removeRaw(id);
    await updateRecording(this.db, id, { state: 'failed', error: reason });
  }
}
