import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../store/db.ts';
import { audit, readAudit } from './audit.ts';

test('the person search finds actor and target whatever the case of the ASCII letters typed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-audit-search-'));
  const db = await openDatabase(dir);
  try {
    await audit(db, { actor: 'ada@example.test', action: 'room.create', target: 'room-1' });
    await audit(db, { actor: 'cli:root', action: 'user.suspend', target: 'Ada@Example.test' });
    await audit(db, { actor: 'otto@example.test', action: 'room.create', target: 'room-2' });
    const found = async (person: string) => (await readAudit(db, { limit: 10, person })).entries.map((e) => e.action).sort();
    assert.deepEqual(await found('ADA@example'), ['room.create', 'user.suspend']);
    assert.deepEqual(await found('ada'), ['room.create', 'user.suspend']);
    assert.deepEqual(await found('OTTO'), ['room.create']);
    assert.deepEqual(await found('nobody'), []);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
