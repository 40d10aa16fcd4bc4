import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { testPdf } from '../slides/pdf.fixture.ts';
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
      slidePdf: () => join(dir, 'no-such-deck.pdf'),
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

/** The colour of the video at `seconds`, averaged over a small square around (x, y). */
async function colourAt(file: string, seconds: number, x: number, y: number): Promise<number[]> {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const args = ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', `crop=16:16:${x - 8}:${y - 8},scale=1:1`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'];
    const child = spawn('ffmpeg', args);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  return [...raw.subarray(0, 3)];
}

test('slide pages shown during the meeting are the picture while they were shown, page after page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-compose-test-'));
  try {
    const work = join(dir, 'work');
    mkdirSync(work);
    const pdf = join(dir, 'deck.pdf');
    // Each page has a band of its own colour along its bottom edge.
    writeFileSync(pdf, testPdf(2));
    const output = join(dir, 'out.webm');
    const slide = (page: number) => ({ deckId: 'deck', page });
    await compose({
      workDir: work,
      scratch: dir,
      tracks: [],
      events: [
        { at: 0, kind: 'slide', slide: slide(1) },
        { at: 1500, kind: 'slide', slide: slide(2) },
        { at: 3000, kind: 'slide', slide: null },
      ],
      startedAtMs: Date.now() - 4000,
      durationMs: 4000,
      output,
      slidePdf: (deckId) => (deckId === 'deck' ? pdf : join(dir, 'missing.pdf')),
      log: pino({ level: 'silent' }),
      onProgress: () => undefined,
    });
    // The portrait page fills the 360-pixel height, centred; its band is the bottom quarter.
    const band = (seconds: number) => colourAt(output, seconds, 320, 330);
    const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]!) < 40);
    const page1 = [0.37, 0.61, 0.83].map((v) => v * 255);
    const page2 = [0.74, 0.22, 0.66].map((v) => v * 255);
    assert.ok(near(await band(0.7), page1), `page 1's colour at 0.7 s: ${await band(0.7)}`);
    assert.ok(near(await band(2.2), page2), `page 2's colour at 2.2 s: ${await band(2.2)}`);
    assert.ok(near(await band(3.6), [0, 0, 0]), `black once no slides are shown: ${await band(3.6)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
