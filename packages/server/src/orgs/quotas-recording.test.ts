import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../store/db.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Recorder } from '../recordings/recorder.ts';
import { createOrganization, updateOrganization } from './orgs.ts';
import { RecordingQuotaWatch } from './quotas-recording.ts';

test("running recordings stop once the bytes their media wrote reach what the organization's storage quota leaves, and not before", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-quota-watch-test-'));
  const db = await openDatabase(join(dir, 'data'));
  const stopped: string[] = [];
  try {
    const capped = await updateOrganization(db, await createOrganization(db, { slug: 'capped', name: 'Capped' }), { maxRecordingBytes: 1000 });
    const free = await createOrganization(db, { slug: 'free', name: 'Free' });
    // Stand-ins for two live meetings, one in each organization, each making a recording.
    const running = [
      { meeting: { name: 'capped' } as unknown as Meeting, org: capped.id, recording: 'rec-capped' },
      { meeting: { name: 'free' } as unknown as Meeting, org: free.id, recording: 'rec-free' },
    ];
    const meetings = {
      running: () => running.map((r) => r.meeting),
      liveOf: (m: Meeting) => ({ room: { organization_id: running.find((r) => r.meeting === m)!.org } }),
    } as unknown as Meetings;
    const recorder = {
      recordingOf: (m: Meeting) => running.find((r) => r.meeting === m)?.recording,
      stopOverQuota: async (m: Meeting) => void stopped.push(running.find((r) => r.meeting === m)!.recording),
    } as unknown as Recorder;
    const rawDir = (id: string) => join(dir, 'raw', id);
    const watch = new RecordingQuotaWatch(db, meetings, recorder, rawDir, pino({ level: 'silent' }));
    watch.stop();
    for (const r of running) mkdirSync(rawDir(r.recording), { recursive: true });

    writeFileSync(join(rawDir('rec-capped'), 't0-video.mjr'), Buffer.alloc(600));
    writeFileSync(join(rawDir('rec-free'), 't0-video.mjr'), Buffer.alloc(5000));
    await watch.check();
    assert.deepEqual(stopped, [], 'under the quota, and the other organization has none');

    writeFileSync(join(rawDir('rec-capped'), 't1-audio.mjr'), Buffer.alloc(400));
    await watch.check();
    assert.deepEqual(stopped, ['rec-capped'], 'the files together reach the quota');
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
