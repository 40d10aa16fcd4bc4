import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import alawmulaw from 'alawmulaw';
import type { G711 } from './sdp.ts';

/** What the phone gateway says; each is `<name>.wav` (8 kHz, mono, 16-bit PCM). */
export const PROMPT_NAMES = [
  'welcome',
  'wrong-pin',
  'goodbye',
  'too-many-attempts',
  'waiting',
  'joined',
  'denied',
  'unavailable',
  'muted',
  'unmuted',
  'muted-by-moderator',
  'hand-raised',
  'hand-lowered',
  'recording',
  'removed',
  'meeting-ended',
  'breakout-joined',
  'breakout-back',
] as const;
export type PromptName = (typeof PROMPT_NAMES)[number];

export const SHIPPED_PROMPTS = fileURLToPath(new URL('../../assets/prompts/en', import.meta.url));

/** Samples of 8 kHz mono 16-bit PCM WAV data; throws a sentence naming what is wrong. */
export function readWav(file: string): Int16Array {
  const data = readFileSync(file);
  if (data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  let format: { pcm: boolean; channels: number; rate: number; bits: number } | undefined;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { pcm: data.readUInt16LE(body) === 1, channels: data.readUInt16LE(body + 2), rate: data.readUInt32LE(body + 4), bits: data.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format?.pcm || format.channels !== 1 || format.rate !== 8000 || format.bits !== 16) {
        throw new Error(`${file} must be 8 kHz mono 16-bit PCM (e.g. sox in.wav -r 8000 -c 1 -b 16 -e signed-integer ${file})`);
      }
      const end = Math.min(data.length, body + size);
      const samples = new Int16Array((end - body) >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(body + 2 * i);
      return samples;
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${file} has no audio data`);
}

export function encodeG711(samples: Int16Array, codec: G711): Buffer {
  return Buffer.from(codec === 'pcmu' ? alawmulaw.mulaw.encode(samples) : alawmulaw.alaw.encode(samples));
}

export function decodeG711(payload: Buffer, codec: G711): Int16Array {
  return codec === 'pcmu' ? alawmulaw.mulaw.decode(payload) : alawmulaw.alaw.decode(payload);
}

/**
 * The prompts, read once at start: each from the replacement folder when it holds that file,
 * otherwise the one moot ships. Encoded per codec on first use.
 */
export class Prompts {
  private encoded = new Map<string, Buffer>();

  private constructor(private readonly samples: Map<PromptName, Int16Array>) {}

  static load(replacements?: string): Prompts {
    const samples = new Map<PromptName, Int16Array>();
    for (const name of PROMPT_NAMES) {
      const own = replacements ? join(replacements, `${name}.wav`) : undefined;
      samples.set(name, readWav(own && existsSync(own) ? own : join(SHIPPED_PROMPTS, `${name}.wav`)));
    }
    return new Prompts(samples);
  }

  audio(name: PromptName, codec: G711): Buffer {
    const key = `${name}/${codec}`;
    let audio = this.encoded.get(key);
    if (!audio) {
      audio = encodeG711(this.samples.get(name)!, codec);
      this.encoded.set(key, audio);
    }
    return audio;
  }
}
