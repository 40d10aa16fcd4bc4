// The soak at a tiny size, through its npm script: people join, leave and drop their sockets,
// and afterwards Janus holds no room, handle or socket of theirs. Memory and speed are never
// asserted here (bench/README.md records the half-hour figures).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/moot.ts';

const SEATS = 4;

test('after 30 s of four seats joining, leaving and dropping their sockets, Janus keeps no room, handle or socket of theirs and nobody saw an error', { timeout: 180_000 }, async () => {
  const args = ['--minutes', '0.5', '--warmup-minutes', '0.1', '--participants', String(SEATS), '--cameras', '1', '--talkers', '2'];
  args.push('--min-stay', '3', '--max-stay', '15', '--drop-percent', '50', '--grace-seconds', '2');
  const run = await promisify(execFile)('npm', ['run', '--silent', 'bench:soak', '--', ...args], { cwd: repoRoot, timeout: 150_000 });
  const context = `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as Record<string, number>;

  assert.ok(result.joins! > SEATS, `seats were taken again after someone left\n${context}`);
  assert.equal(result.joined, result.joins, `every join received the mix\n${context}`);
  assert.ok(result.leaves! > 0 && result.drops! > 0, `some left with leave, some dropped their socket\n${context}`);
  assert.ok(result.chatAndMuteMessages! > 0, `chat and mute messages were sent\n${context}`);
  assert.equal(result.participantErrors, 0, `no participant saw an error\n${context}`);
  assert.equal(result.serverErrorLogLines, 0, `the server logged no error\n${context}`);
  assert.equal(result.janusRestarts, 0, `Janus never restarted\n${context}`);
  assert.equal(result.videoRoomsLeft, 0, `no VideoRoom room left\n${context}`);
  assert.equal(result.audioRoomsLeft, 0, `no AudioBridge room left\n${context}`);
  assert.ok(result.janusHandlesPeak! > result.janusHandlesBefore!, `handles were counted while people were in\n${context}`);
  assert.equal(result.janusHandlesLeft, result.janusHandlesBefore, `Janus holds only the handles it had before anyone joined\n${context}`);
  assert.equal(result.janusUdpSocketsLeft, result.janusUdpSocketsBefore, `Janus holds no PeerConnection socket\n${context}`);
});
