import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../store/db.ts';
import { hashSecret } from '../ids.ts';
import { createUser } from './accounts.ts';
import { createSession, usersForSessions } from './sessions.ts';

test('many sessions are looked up together: live ones give their account; ended, expired, suspended and unknown ones none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-sessions-test-'));
  const db = await openDatabase(join(dir, 'data'));
  try {
    const ada = await createUser(db, { email: 'ada@example.test', name: 'Ada', role: 'member' });
    const bo = await createUser(db, { email: 'bo@example.test', name: 'Bo', role: 'member' });
    const live = await Promise.all(Array.from({ length: 1_200 }, () => createSession(db, ada.id)));
    const expired = await createSession(db, ada.id);
    await db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', hashSecret(expired)).execute();
    const suspended = await createSession(db, bo.id);
    await db.updateTable('users').set({ status: 'suspended' }).where('id', '=', bo.id).execute();

    const users = await usersForSessions(db, [...live, expired, suspended, 'no-such-token']);
    assert.equal(users.size, live.length, 'every live session, across several queries');
    assert.ok(live.every((token) => users.get(token)?.id === ada.id));
    for (const gone of [expired, suspended, 'no-such-token']) assert.equal(users.has(gone), false);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
