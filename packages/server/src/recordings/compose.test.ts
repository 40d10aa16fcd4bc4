import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { compose } from './compose.ts';
import { probe } from './tools.ts';
import type { TimelineEvent, TrackNote } from './timeline.ts';

// Janus opens a .mjr file with its magic bytes and writes the header with the first packet: a
// muted microphone seat or a camera never turned on leaves just the magic bytes.
const UNWRITTEN_MJR = 'MJR00002';

/** A .mjr whose header is fine and whose packets are not (a file cut off or damaged on disk). */
function damagedMjr(): Buffer {
  const header = Buffer.from(JSON.stringify({ t: 'a', c: 'opus', s: 1, u: 2 }));
  const length = Buffer.alloc(2);
  length.writeUInt16BE(header.length);
  return Buffer.concat([Buffer.from(UNWRITTEN_MJR), length, header, Buffer.alloc(300)]);
}

test('streams that never carried a packet, or only damaged ones, still give one playable file with an audio and a video stream', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-compose-test-'));
  try {
    const work = join(dir, 'work');
    const scratch = join(dir, 'scratch');
    mkdirSync(work);
    mkdirSync(scratch);
    writeFileSync(join(work, 't0-audio.mjr'), UNWRITTEN_MJR);
    writeFileSync(join(work, 't1-video-1.mjr'), UNWRITTEN_MJR);
    writeFileSync(join(work, 't2-video-0.mjr'), '');
    writeFileSync(join(work, 't3-audio.mjr'), damagedMjr());
    const tracks: TrackNote[] = [
      { base: 't0', participantId: 'a', name: 'Ann', source: 'audio' },
      { base: 't1', participantId: 'a', name: 'Ann', source: 'camera' },
      { base: 't2', participantId: 'b', name: 'Bo', source: 'screen' },
      { base: 't3', participantId: 'b', name: 'Bo', source: 'audio' },
    ];
    const events: TimelineEvent[] = [
      { at: 0, kind: 'start', track: 0 },
      { at: 0, kind: 'start', track: 1 },
      { at: 500, kind: 'start', track: 2 },
      { at: 900, kind: 'speaking', participantId: 'a' },
    ];
    const output = join(scratch, 'out.webm');
    const progress: number[] = [];
    await compose({
      workDir: work,
      scratch,
      tracks,
      events,
      startedAtMs: Date.now() - 2500,
      durationMs: 2500,
      output,
      log: pino({ level: 'silent' }),
      onProgress: (p) => void progress.push(p),
    });
    const made = await probe(output);
    assert.deepEqual(made?.kinds.sort(), ['audio', 'video']);
    assert.ok(Math.abs(made!.durationS - 2.5) < 0.2, `duration ${made!.durationS}s for 2.5 s recorded`);
    assert.ok(progress.length > 0 && progress.every((p) => p >= 0 && p < 100), `progress reported: ${progress.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
