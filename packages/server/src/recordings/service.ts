import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { SlideFiles } from '../slides/files.ts';
import { Jobs, ONE_PROCESS, type RecordingClaims } from './jobs.ts';
import { OrganizationKeys } from '../orgs/keys.ts';
import { ServerKey } from './keys.ts';
import { Recorder } from './recorder.ts';
import { purgeExpired } from './retention.ts';
import { LinkSigner } from './tokens.ts';
import { Vault } from './vault.ts';
import { ALWAYS, type Turn } from '../cluster/lease.ts';

const PURGE_INTERVAL_MS = 60 * 60_000;

export function keyFilePath(config: Config): string {
  return config.recordings.keyFile ?? `${config.data.dir}.recordings-key`;
}

/** Where the other organizations' keys live: beside the server key, outside the data folder like it. */
export function organizationKeysDir(config: Config): string {
  return `${keyFilePath(config)}.orgs`;
}

export function organizationKeys(config: Config, db: Db, serverKey = ServerKey.open(keyFilePath(config)).key): OrganizationKeys {
  return new OrganizationKeys(db, serverKey, organizationKeysDir(config));
}

/** The recording parts the server and the CLI share, opened from the configuration. */
export function openVault(config: Config, db: Db): { vault: Vault; key: ServerKey; keyFile: string; created: boolean } {
  const keyFile = keyFilePath(config);
  const { key, created } = ServerKey.open(keyFile);
  const rawRoot = config.recordings.workDir ?? join(config.data.dir, 'recordings', 'work');
  return { vault: new Vault(join(config.data.dir, 'recordings'), organizationKeys(config, db, key), rawRoot), key, keyFile, created };
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
    /** Retention and left-over processing are for one process of the installation at a time. */
    private turn: Turn = ALWAYS,
    claims: RecordingClaims = ONE_PROCESS,
  ) {
    const { vault, key, keyFile, created } = openVault(config, db);
    // Said loudly once: this file must be backed up, apart from the data folder.
    if (created) log.warn({ keyFile }, 'created a new recordings key; back it up apart from the data folder: without it no recording can be read');
    this.vault = vault;
    this.jobs = new Jobs(db, vault, new SlideFiles(config.data.dir), log, claims);
    this.recorder = new Recorder(db, vault, vault.rawRoot, this.jobs, log);
    this.links = new LinkSigner(key.derive('recording links'));
  }

  get adminsMayWatch(): boolean {
    return this.config.recordings.adminsMayWatch;
  }

  /** Resumes pending processing and runs retention now and every hour, in the process whose turn it is. */
  async start(): Promise<void> {
    if (this.turn.held) await this.jobs.resume();
    // A process that takes the turn over finishes what the one before it left.
    this.turn.onTaken(() => void this.jobs.resume().catch((err: Error) => this.log.error({ err: err.message }, 'could not resume recording processing')));
    const purge = async () =>
      this.turn.held &&
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
