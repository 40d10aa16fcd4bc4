import OpusScript from 'opusscript';
import { decodeG711, encodeG711 } from './prompts.ts';
import type { G711 } from './sdp.ts';

/** 20 ms at 8 kHz: one frame of a call. */
export const CALL_FRAME_SAMPLES = 160;

/**
 * A call's voice in the mixer's own codec, Opus: what the caller says is decoded from G.711 and
 * encoded by libopus, which takes 8 kHz audio and resamples it properly; the mix comes back as
 * Opus decoded straight to 8 kHz for G.711. Why not let the mixer take G.711: Janus's AudioBridge
 * brings it up to its 16 kHz mix by putting a zero between samples, which adds a mirror image of
 * the voice as loud as the voice (a caller's 660 Hz tone is also heard at 7340 Hz by everyone),
 * and brings the mix down for the caller by dropping every other sample, which folds what is
 * above 4 kHz into what the caller hears.
 */
export class CallTranscoder {
  private readonly encoder = new OpusScript(8000, 1, OpusScript.Application.VOIP);
  private readonly decoder = new OpusScript(8000, 1);

  constructor(private readonly codec: G711) {}

  /** One frame of the caller's G.711 as an Opus packet. */
  toOpus(samples: Int16Array): Buffer {
    return this.encoder.encode(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), samples.length);
  }

  /** One Opus packet of the mix as G.711 for the caller. */
  toG711(opus: Buffer): Buffer {
    const pcm = this.decoder.decode(opus);
    const samples = new Int16Array(pcm.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
    return encodeG711(samples, this.codec);
  }

  /** The caller's payload, decoded (also for judging their loudness). */
  decode(payload: Buffer): Int16Array {
    return decodeG711(payload, this.codec);
  }

  close(): void {
    this.encoder.delete();
    this.decoder.delete();
  }
}
