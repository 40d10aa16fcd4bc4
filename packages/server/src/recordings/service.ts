import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { SlideFiles } from '../slides/files.ts';
import { Jobs } from './jobs.ts';
import { ServerKey } from './keys.ts';
import { Recorder } from './recorder.ts';
import { purgeExpired } from './retention.ts';
import { LinkSigner } from './tokens.ts';
import { Vault } from './vault.ts';

const PURGE_INTERVAL_MS = 60 * 60_000;

export function keyFilePath(config: Config): string {
  return config.recordings.keyFile ?? `${config.data.dir}.recordings-key`;
}

/** The recording parts the server and the CLI share, opened from the configuration. */
export function openVault(config: Config): { vault: Vault; key: ServerKey; keyFile: string; created: boolean } {
  const keyFile = keyFilePath(config);
  const { key, created } = ServerKey.open(keyFile);
  const rawRoot = config.recordings.workDir ?? join(config.data.dir, 'recordings', 'work');
  return { vault: new Vault(join(config.data.dir, 'recordings'), key, rawRoot), key, keyFile, created };
}

/** Everything recordings need in the server process: the vault, the job queue, the recorder, links and retention. */
export class Recordings {
  readonly vault: Vault;
  readonly jobs: Jobs;
  readonly recorder: Recorder;
  readonly links: LinkSigner;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private config: Config,
    private db: Db,
    private log: Logger,
  ) {
    const { vault, key, keyFile, created } = openVault(config);
    // Said loudly once: this file must be backed up, apart from the data folder.
    if (created) log.warn({ keyFile }, 'created a new recordings key; back it up apart from the data folder: without it no recording can be read');
    this.vault = vault;
    this.jobs = new Jobs(db, vault, new SlideFiles(config.data.dir), log);
    this.recorder = new Recorder(db, vault, vault.rawRoot, this.jobs, log);
    this.links = new LinkSigner(key.derive('recording links'));
  }

  get adminsMayWatch(): boolean {
    return this.config.recordings.adminsMayWatch;
  }

  /** Resumes pending processing and runs retention now and every hour. */
  async start(): Promise<void> {
    await this.jobs.resume();
    const purge = () =>
      purgeExpired(this.db, this.vault, this.config.recordings.maxAgeDays, 'system')
        .then((ids) => ids.length && this.log.info({ count: ids.length }, 'expired recordings deleted'))
        .catch((err: Error) => this.log.error({ err: err.message }, 'recording retention failed'));
    await purge();
    this.timer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before meetings end on shutdown: their recordings are then kept for processing at the next start. */
  stop(): void {
    clearInterval(this.timer);
    this.jobs.halt();
  }
}
