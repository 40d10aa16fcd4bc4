import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Recorder } from '../recordings/recorder.ts';
import { storageLeft } from './quotas.ts';

/** How often running recordings are held against their organization's storage quota. */
const CHECK_INTERVAL_MS = 3000;

/** Bytes the media server has written for a running recording so far. */
async function writtenBytes(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => []);
  const sizes = await Promise.all(names.map((name) => stat(join(dir, name)).then((s) => s.size, () => 0)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/**
 * Stops the running recordings of an organization once what they wrote, with its stored
 * recordings, reaches its storage quota; what they recorded until then is kept.
 */
export class RecordingQuotaWatch {
  private timer: NodeJS.Timeout;

  constructor(
    private db: Db,
    private meetings: Meetings,
    private recorder: Recorder,
    private rawDir: (recordingId: string) => string,
    private log: Logger,
  ) {
    this.timer = setInterval(() => void this.check().catch((err: Error) => this.log.warn({ err: err.message }, 'could not check recordings against their storage quota')), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async check(): Promise<void> {
    const byOrganization = new Map<string, { meeting: Meeting; id: string }[]>();
    for (const meeting of this.meetings.running()) {
      const id = this.recorder.recordingOf(meeting);
      const organizationId = this.meetings.liveOf(meeting)?.room.organization_id;
      if (id && organizationId) byOrganization.set(organizationId, [...(byOrganization.get(organizationId) ?? []), { meeting, id }]);
    }
    for (const [organizationId, running] of byOrganization) {
      const left = await storageLeft(this.db, organizationId);
      if (left === undefined) continue;
      const written = (await Promise.all(running.map((r) => writtenBytes(this.rawDir(r.id))))).reduce((sum, n) => sum + n, 0);
      if (written < left) continue;
      this.log.info({ organization: organizationId, recordings: running.length }, 'recordings stopped at the storage quota');
      for (const { meeting } of running) await this.recorder.stopOverQuota(meeting);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
