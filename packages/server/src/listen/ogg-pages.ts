/**
 * Cuts an Ogg byte stream into whole pages, and tells the stream's header pages (Opus: OpusHead
 * and OpusTags, granule position 0) from the audio pages after them. A listener who arrives late
 * gets the header pages first, then audio from a page boundary: that is a valid Ogg stream to
 * every player, the way Icecast serves one.
 */

const CAPTURE = Buffer.from('OggS');
const FIXED_HEADER = 27;
/** Header type flag: this page continues a packet begun on the previous page. */
const CONTINUED = 0x01;

export interface OggPage {
  bytes: Buffer;
  /** One of the stream's header pages, which every listener needs first. */
  header: boolean;
  /** Begins with the rest of a packet from the previous page: no place to start a listener. */
  continued: boolean;
}

export class OggPages {
  private pending: Buffer = Buffer.alloc(0);
  private audioBegun = false;

  /** Takes bytes as they come; returns the pages completed by them. */
  push(chunk: Buffer): OggPage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const pages: OggPage[] = [];
    for (;;) {
      const start = this.pending.indexOf(CAPTURE);
      if (start < 0) {
        // Keep a possible beginning of the capture pattern.
        this.pending = this.pending.subarray(Math.max(0, this.pending.length - 3));
        return pages;
      }
      if (start > 0) this.pending = this.pending.subarray(start);
      if (this.pending.length < FIXED_HEADER) return pages;
      const segments = this.pending[26]!;
      const headerLength = FIXED_HEADER + segments;
      if (this.pending.length < headerLength) return pages;
      let bodyLength = 0;
      for (let i = 0; i < segments; i++) bodyLength += this.pending[FIXED_HEADER + i]!;
      const length = headerLength + bodyLength;
      if (this.pending.length < length) return pages;
      const bytes = Buffer.from(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
      const granule = bytes.readBigInt64LE(6);
      // Header pages carry granule 0 (or -1 where a long OpusTags runs on); the first page with a
      // real position starts the audio.
      if (granule > 0n) this.audioBegun = true;
      pages.push({ bytes, header: !this.audioBegun, continued: (bytes[5]! & CONTINUED) !== 0 });
    }
  }
}
