import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { OggPages } from './ogg-pages.ts';
import { OggPadding, oggCrc } from './padding.ts';

/** Two seconds of a tone as Ogg/Opus, as the remuxing ffmpeg writes it. */
function toneOgg(): Buffer {
  const out = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=2', '-c:a', 'libopus', '-f', 'ogg', '-page_duration', '60000', 'pipe:1'], { maxBuffer: 1 << 24 });
  assert.equal(out.status, 0, String(out.stderr));
  return out.stdout;
}

test('the padded stream is valid Ogg that ffmpeg decodes to the same two seconds of audio, padding skipped', () => {
  const padding = new OggPadding();
  const original = new OggPages().push(toneOgg());
  const pages = original.flatMap((p) => padding.pad(p));
  for (const p of pages) {
    const copy = Buffer.from(p.bytes);
    const crc = copy.readUInt32LE(22);
    copy.writeUInt32LE(0, 22);
    assert.equal(oggCrc(copy), crc);
  }
  const padded = Buffer.concat(pages.map((p) => p.bytes));
  const decoded = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-map', '0:a:0', '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'], { input: padded, maxBuffer: 1 << 24 });
  assert.equal(decoded.status, 0, String(decoded.stderr));
  assert.ok(Math.abs(decoded.stdout.length / 2 / 48000 - 2) < 0.05, `${decoded.stdout.length / 2 / 48000} s of audio`);
  const audioPages = original.filter((p) => !p.header).length;
  assert.equal(pages.length, original.length + 1 + audioPages, 'one padding page per audio page, and its first');
});

test('the padding stream begins right after the audio stream’s first page, as Ogg requires', () => {
  const padding = new OggPadding();
  const head = { bytes: Buffer.from('head'), header: true, continued: false };
  const [first, bos] = padding.pad(head);
  assert.equal(first, head);
  assert.equal(bos!.bytes[5]! & 0x02, 0x02);
  assert.equal(bos!.header, true, 'late listeners get it with the headers');
  assert.equal(padding.pad({ bytes: Buffer.from('tags'), header: true, continued: false }).length, 1);
  assert.equal(padding.pad({ bytes: Buffer.from('audio'), header: false, continued: false }).length, 2);
});
