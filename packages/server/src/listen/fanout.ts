import type { OggPage } from './ogg-pages.ts';

/** Where one listener's stream goes (their HTTP response). */
export interface Sink {
  /** False when the sink's buffer is full (Node's `write`). */
  write(bytes: Buffer): boolean;
  /** Bytes waiting to be sent: a listener whose connection cannot keep up is let go. */
  readonly writableLength: number;
  end(): void;
}

/**
 * A listener whose connection holds this much unsent audio (about a minute of the mix) is
 * too slow to ever catch up: ending their stream lets the page start afresh.
 */
const MAX_BACKLOG_BYTES = 512 * 1024;

/** One Ogg stream to many listeners: each gets the header pages, then audio from a page boundary. */
export class Fanout {
  private headers: Buffer[] = [];
  /** Listeners that have the headers and wait for a page where a packet begins. */
  private starting = new Set<Sink>();
  private playing = new Set<Sink>();

  get size(): number {
    return this.starting.size + this.playing.size;
  }

  add(sink: Sink): void {
    for (const header of this.headers) sink.write(header);
    this.starting.add(sink);
  }

  remove(sink: Sink): void {
    if (this.starting.delete(sink) || this.playing.delete(sink)) sink.end();
  }

  push(page: OggPage): void {
    if (page.header) {
      this.headers.push(page.bytes);
      for (const sink of this.starting) sink.write(page.bytes);
      return;
    }
    if (!page.continued) {
      for (const sink of this.starting) this.playing.add(sink);
      this.starting.clear();
    }
    for (const sink of this.playing) {
      sink.write(page.bytes);
      if (sink.writableLength > MAX_BACKLOG_BYTES) this.remove(sink);
    }
  }

  /** The source ended: every listener's stream ends; a new source brings new headers. */
  close(): void {
    for (const sink of [...this.starting, ...this.playing]) this.remove(sink);
    this.headers = [];
  }
}
