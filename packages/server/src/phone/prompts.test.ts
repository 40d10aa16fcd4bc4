import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROMPT_NAMES, Prompts, SHIPPED_PROMPTS, decodeG711, readWav } from './prompts.ts';

test('every prompt moot ships is 8 kHz mono 16-bit audio of some length', () => {
  for (const name of PROMPT_NAMES) assert.ok(readWav(join(SHIPPED_PROMPTS, `${name}.wav`)).length > 4000, name);
});

test('a replacement folder overrides the prompts it holds and keeps the shipped others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-prompts-'));
  copyFileSync(join(SHIPPED_PROMPTS, 'goodbye.wav'), join(dir, 'welcome.wav'));
  const prompts = Prompts.load(dir);
  const shipped = Prompts.load();
  assert.deepEqual(prompts.audio('welcome', 'pcmu'), shipped.audio('goodbye', 'pcmu'));
  assert.deepEqual(prompts.audio('joined', 'pcma'), shipped.audio('joined', 'pcma'));
});

test('a replacement in another format is refused with what it must be', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-prompts-'));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(44100, 24);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  writeFileSync(join(dir, 'welcome.wav'), header);
  assert.throws(() => Prompts.load(dir), /must be 8 kHz mono 16-bit PCM/);
});

test('a prompt encoded as μ-law decodes back close to the original', () => {
  const prompts = Prompts.load();
  const original = readWav(join(SHIPPED_PROMPTS, 'muted.wav'));
  const decoded = decodeG711(prompts.audio('muted', 'pcmu'), 'pcmu');
  assert.equal(decoded.length, original.length);
  let worst = 0;
  for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(decoded[i]! - original[i]!) / (Math.abs(original[i]!) + 64));
  assert.ok(worst < 0.1, `μ-law error ${worst}`);
});
