import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '../accounts/accounts.ts';
import { randomId } from '../ids.ts';
import { createRoom } from '../rooms/rooms.ts';
import { openDatabase } from '../store/db.ts';
import { OrganizationKeys } from '../orgs/keys.ts';
import { ServerKey } from './keys.ts';
import { FAILED_RAW_KEEP_DAYS, purgeExpired } from './retention.ts';
import { insertRecording, type RecordingState } from './store.ts';
import { Vault } from './vault.ts';

const DAY_MS = 86_400_000;

test('raw streams stay while a recording is made or may be tried again, and go when nothing will process them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-retention-test-'));
  const db = await openDatabase(join(dir, 'data'));
  try {
    const { key } = ServerKey.open(join(dir, 'key'));
    const vault = new Vault(join(dir, 'vault'), new OrganizationKeys(db, key, join(dir, 'keys')), join(dir, 'raw'));
    const owner = await createUser(db, { email: 'owner@example.test', name: 'Owner', role: 'member' });
    const room = await createRoom(db, owner.id, { name: 'Room', guests: 'off' }, 10);
    const now = Date.now();
    const withRaw = async (state: RecordingState, endedDaysAgo: number) => {
      const id = randomId();
      const ended = new Date(now - endedDaysAgo * DAY_MS).toISOString();
      await insertRecording(db, {
        id, room_id: room.id, name: 'Room', origin: 'meeting', state, progress: 0, error: null, wrapped_key: (await vault.newKey(id, room.id)).wrapped,
        size: 0, duration_ms: 1000, started_by: 'Owner', started_at: ended, ended_at: state === 'recording' ? null : ended,
      });
      mkdirSync(vault.rawDir(id), { recursive: true });
      writeFileSync(join(vault.rawDir(id), 't0-audio.mjr'), 'MJR00002');
      return id;
    };
    const recording = await withRaw('recording', 0);
    const processing = await withRaw('processing', 0);
    const failedRecently = await withRaw('failed', FAILED_RAW_KEEP_DAYS - 1);
    const failedLongAgo = await withRaw('failed', FAILED_RAW_KEEP_DAYS + 1);
    const ready = await withRaw('ready', 0);
    const orphanNew = randomId();
    const orphanOld = randomId();
    for (const id of [orphanNew, orphanOld]) mkdirSync(vault.rawDir(id), { recursive: true });
    utimesSync(vault.rawDir(orphanOld), new Date(now - DAY_MS), new Date(now - DAY_MS));

    await purgeExpired(db, vault, 0, 'system', now);

    const kept = (id: string) => existsSync(vault.rawDir(id));
    assert.equal(kept(recording), true, 'being recorded');
    assert.equal(kept(processing), true, 'being processed');
    assert.equal(kept(failedRecently), true, 'failed lately: may be tried again');
    assert.equal(kept(orphanNew), true, 'a folder made just before its row');
    assert.equal(kept(failedLongAgo), false, 'failed long ago');
    assert.equal(kept(ready), false, 'left over after success');
    assert.equal(kept(orphanOld), false, 'its row is gone');
    assert.equal(await vault.hasRaw(failedRecently), true);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
