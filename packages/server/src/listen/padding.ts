import type { OggPage } from './ogg-pages.ts';

/**
 * Firefox (Tor Browser included) reads a network stream in blocks of about 32 KB and judges
 * whether it can play on by the bytes that arrive: the mix's Opus at 14 kbit/s would wait some
 * 20 s before the first sound, and then stall. A second logical stream in the same Ogg file, of a
 * kind no player knows, carries padding that players skip (Ogg multiplexing; unknown streams are
 * ignored), so the bytes arrive fast enough for playback to start within a few seconds and keep
 * going. The audio is untouched.
 */

/** Padding after each audio page (one page per 60 ms of sound): about 130 kbit/s. */
const PAD_BYTES = 1000;
/** The padding stream's serial number ("moot"), apart from ffmpeg's random one for the audio. */
const SERIAL = 0x746f6f6d;
const BOS = 0x02;

const CRC_TABLE = new Uint32Array(256).map((_, i) => {
  let r = i << 24;
  for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

/** Ogg's page checksum: CRC-32, polynomial 0x04c11db7, not reflected, over the page with its CRC field zero. */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

function page(flags: number, sequence: number, body: Buffer): Buffer {
  const lacing: number[] = [];
  let left = body.length;
  for (; left >= 255; left -= 255) lacing.push(255);
  lacing.push(left);
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[5] = flags;
  header.writeUInt32LE(SERIAL, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  lacing.forEach((value, i) => (header[27 + i] = value));
  const bytes = Buffer.concat([header, body]);
  bytes.writeUInt32LE(oggCrc(bytes), 22);
  return bytes;
}

/** Adds the padding stream to the remuxed pages: its first page beside the audio's, then one after each audio page. */
export class OggPadding {
  private sequence = 0;
  private begun = false;
  private readonly filler = Buffer.alloc(PAD_BYTES);

  pad(audio: OggPage): OggPage[] {
    // Every stream's first page comes before any other page: right after the audio's first one.
    if (!this.begun) {
      this.begun = true;
      return [audio, { bytes: page(BOS, this.sequence++, Buffer.from('moot padding')), header: true, continued: false }];
    }
    if (audio.header) return [audio];
    return [audio, { bytes: page(0, this.sequence++, this.filler), header: false, continued: false }];
  }
}
