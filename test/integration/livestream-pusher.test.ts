// A livestream destination's pusher (a real ffmpeg) publishing to a real RTMP receiver on
// 127.0.0.1: the receiver gets the stream under the right key, while the key appears nowhere on
// the pusher's command line, which any local user can read in /proc/<pid>/cmdline.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { createLogger } from '../../packages/server/src/log.ts';
import { Pusher } from '../../packages/server/src/livestream/pusher.ts';
import { rtmpTarget } from '../../packages/server/src/livestream/rtmp.ts';
import { test } from '../helpers/diagnostics.ts';
import { makeTempDir, pidsWithCommandLine } from '../helpers/moot.ts';
import { codecs, rtmpReceiver, type RtmpReceiver } from '../helpers/rtmp.ts';
import { waitFor } from '../helpers/wait.ts';

let receiver: RtmpReceiver | undefined;
let source: ChildProcess | undefined;
let pusher: Pusher | undefined;

after(async () => {
  await pusher?.stop();
  source?.kill('SIGKILL');
  receiver?.stop();
});

/** An encoded program as the livestream's encoder makes it: H.264 and AAC in MPEG-TS, in real time. */
function program(): ChildProcess {
  return spawn(
    'ffmpeg',
    [
      ...['-nostdin', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc=s=320x240:r=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'mpegts', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

test('a destination’s stream key reaches the RTMP server but never the pusher’s command line', { timeout: 60_000 }, async () => {
  const key = 'cmdline-key-9f3a27';
  receiver = await rtmpReceiver(makeTempDir('moot-pusher-'), key);
  // The livestream's own folder: private, as the server makes it.
  const dir = mkdtempSync(join(makeTempDir('moot-pusher-work-'), 'live-'));
  const preset = join(dir, 'destination-0.ffpreset');
  const failures: number[] = [];
  pusher = new Pusher(
    rtmpTarget({ id: 'd1', name: 'Receiver', url: receiver.url, streamKey: key }, preset),
    { failing: (retryIn) => failures.push(retryIn), back: () => undefined },
    createLogger('silent'),
  );
  pusher.start();
  source = program();
  source.stdout!.on('data', (chunk: Buffer) => pusher!.write(chunk));

  await waitFor(() => receiver!.received() > 100_000, { timeoutMs: 30_000, intervalMs: 250, message: 'the stream to reach the RTMP receiver' });
  const [pid, ...others] = pidsWithCommandLine(preset);
  assert.ok(pid !== undefined && others.length === 0, 'one pusher ffmpeg, found by its preset file');
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  assert.ok(cmdline.includes(receiver.url), `the pusher publishes to the receiver: ${cmdline}`);
  assert.ok(!cmdline.includes(key), `no key on the command line: ${cmdline}`);
  assert.equal(statSync(preset).mode & 0o777, 0o600, 'only the server reads the preset');

  // ffmpeg's RTMP server takes a stream published under another name but says so.
  assert.doesNotMatch(receiver.log(), /Unexpected stream/, 'the receiver got the stream under its key');
  assert.deepEqual(codecs(receiver.file), { video: ['h264'], audio: ['aac'] });
  assert.deepEqual(failures, [], 'the destination never failed');
});
