// The meeting benchmark at a small size, through its npm script: it must run end to end and
// report figures that make sense. Speed is never asserted here (bench/README.md records it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot } from '../helpers/moot.ts';

const PARTICIPANTS = 10;
const CAMERAS = 2;
/** Of the participants, these watch the program as the audience. */
const LISTENERS = 2;

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench:meeting', '--', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('the meeting benchmark runs at a small size, the seated receive genuine mix and video packets, the audience the program, and every figure is reported', { timeout: 150_000 }, async () => {
  const run = await runBench(['--participants', String(PARTICIPANTS), '--cameras', String(CAMERAS), '--listeners', String(LISTENERS), '--seconds', '10']);
  const context = `exit ${run.code}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
  assert.equal(run.code, 0, context);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(last) as Record<string, unknown>;

  assert.equal(result.participants, PARTICIPANTS);
  assert.equal(result.cameras, CAMERAS);
  assert.equal(result.listeners, LISTENERS);
  const required = ['serverCpuPct', 'janusCpuPct', 'cpuPctPerParticipant', 'rssMb', 'generatorCpuPct', 'lossPct'];
  required.push('joinP50Ms', 'joinP95Ms', 'firstVideoP50Ms', 'downlinkKbpsP50', 'mixKbpsP50', 'videoKbpsP50', 'listenerKbpsP50', 'listenerJoinP95Ms');
  for (const [key, value] of Object.entries(result)) {
    assert.ok(typeof value === 'number' && Number.isFinite(value), `${key} is a finite number (got ${JSON.stringify(value)})\n${context}`);
  }
  for (const key of required) assert.ok(key in result, `${key} is reported`);
  assert.equal(result.joined, PARTICIPANTS, `every synthetic participant received the mix or the program\n${context}`);
  assert.equal(result.videoReceivers, PARTICIPANTS - LISTENERS, `every seated synthetic participant received video\n${context}`);
  assert.ok((result.downlinkKbpsP50 as number) > 0, 'the median participant received media');
  assert.ok((result.mixKbpsP50 as number) > 0, 'the median participant received the mix');
  assert.ok((result.videoKbpsP50 as number) > 0, 'the median participant received video');
  assert.ok((result.listenerKbpsMin as number) > 0, 'every member of the audience received the program');
  assert.ok((result.rssMb as number) > 0 && (result.janusRssMb as number) > 0, 'the server and Janus were found and measured');
  assert.ok((result.srtpCheckedPackets as number) > 0, `received packets were decrypted as spot checks\n${context}`);
  assert.equal(result.srtpCheckFailures, 0, `every spot-checked packet was genuine SRTP from Janus\n${context}`);
  assert.equal(result.errors, 0, `no participant saw an error\n${context}`);
});
