#!/usr/bin/env node
// Runs the whole suite with node's test runner: unit tests beside the code, then integration
// tests (real Janus, real SQLite), a second pass of the integration tests that exercise the store
// most with every server and CLI on a real PostgreSQL instead, then browser tests (real Chromium
// and Firefox). The slower groups run one file at a time: on two cores, parallel browsers starve
// Janus. Each group runs in a fresh network namespace where lo is the only interface, so no test
// can reach another address of this machine or beyond it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const onlyLoopback = fileURLToPath(new URL('./only-loopback.sh', import.meta.url));

function find(dir, suffix) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

/** Accounts and sessions, directory accounts and invitations, rooms and co-moderators, recordings and audit, the BigBlueButton API and its recordings' import, the Janus nodes' drain and report. */
const onPostgres = ['cli', 'ldap-invitations', 'room-moderators', 'revocation', 'recording-audit', 'bbb-api', 'bbb-recordings-import', 'janus-nodes', 'org-cli', 'org-migration', 'org-isolation', 'org-admins', 'org-quotas', 'org-keys', 'org-sso', 'org-ldap', 'org-isolation-routes'].map((name) => `test/integration/${name}.test.ts`);

const only = process.argv[2];
const groups = [
  { name: 'unit', files: find('packages', '.test.ts'), concurrency: 4 },
  { name: 'integration', files: find('test/integration', '.test.ts'), concurrency: 1 },
  { name: 'postgres', files: onPostgres, concurrency: 1, wrapper: ['--import', 'tsx', 'test/helpers/with-postgres.ts', process.execPath] },
  { name: 'e2e', files: find('test/e2e', '.test.ts'), concurrency: 1 },
];

let failed = false;
for (const group of groups) {
  if (only && only !== group.name) continue;
  if (group.files.length === 0) continue;
  console.log(`\n# ${group.name}: ${group.files.length} file(s)`);
  const result = spawnSync(
    'sh',
    [onlyLoopback, process.execPath, ...(group.wrapper ?? []), '--import', 'tsx', '--test', `--test-concurrency=${group.concurrency}`, '--test-reporter=spec', ...group.files],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
