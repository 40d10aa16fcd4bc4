// Long CLI commands show their progress: a bar redrawn in place when stdout is a terminal (run
// here under script(1), which gives the command a pseudo-terminal), plain lines on stderr when
// it is not, with stdout then holding only the result.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { makeTempDir, repoRoot, runCli, runCliRaw } from '../helpers/moot.ts';
import { makeWebm } from '../helpers/media-files.ts';

let work: string;
let env: Record<string, string>;

before(async () => {
  work = makeTempDir('moot-progress-');
  env = { MOOT_DATA_DIR: join(work, 'data') };
  await runCli(env, ['user', 'add', 'ada@example.org', '--name', 'Ada', '--password-stdin', '--json'], randomPassword());
});

after(() => rmSync(work, { recursive: true, force: true }));

/** `moot <args>` with a pseudo-terminal as its stdout; resolves with what the terminal showed. */
function onTerminal(args: string[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, join(repoRoot, 'packages/server/bin/moot.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: work, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}

test('a backup on a terminal draws a progress bar that reaches 100 % and ends its line', async () => {
  const { code, screen } = await onTerminal(['backup', 'create', join(work, 'on-terminal.tar')]);
  assert.equal(code, 0, screen);
  assert.match(screen, /\rBacking up \[#{30}\] 100% [\d.]+ MiB\/[\d.]+ MiB\r?\n/);
  assert.match(screen, /Wrote .*on-terminal\.tar/);
});

test('a backup into a pipe writes plain progress lines on stderr and only the result on stdout', async () => {
  const result = await runCliRaw(env, ['backup', 'create', join(work, 'piped.tar'), '--json']);
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { bytes: number };
  assert.ok(summary.bytes > 0);
  const lines = result.stderr.trim().split('\n');
  assert.match(lines.at(-1)!, /^Backing up: 100% \([\d.]+ MiB\/[\d.]+ MiB\)$/);
  assert.ok(lines.every((line) => /^Backing up: \d+% /.test(line)), `only progress lines: ${result.stderr}`);
  assert.ok(!result.stderr.includes('\r'), 'no redrawing outside a terminal');
});

test('a recording import and export report their bytes on stderr; the exported video is the imported one', async () => {
  const room = await runCli<{ id: string }>(env, ['room', 'add', '--owner', 'ada@example.org', '--name', 'Progress room', '--json']);
  const video = makeWebm(join(work, 'talk.webm'));
  const imported = await runCliRaw(env, ['recording', 'import', room.id, video, '--json']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr.trim().split('\n').at(-1)!, /^Encrypting: 100% \([\d.]+ MiB\/[\d.]+ MiB\)$/);
  const { id } = JSON.parse(imported.stdout) as { id: string };
  const exported = await runCliRaw(env, ['recording', 'export', id, join(work, 'out.webm'), '--json']);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr.trim().split('\n').at(-1)!, /^Exporting: 100% /);
  assert.deepEqual(readFileSync(join(work, 'out.webm')), readFileSync(video));
});
