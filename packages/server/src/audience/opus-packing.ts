import { createSocket, type Socket } from 'node:dgram';
import { bindFreePort } from '../livestream/relay.ts';
import { buildRtp, parseRtp, type RtpPacket } from '../phone/rtp.ts';

/**
 * Opus frames per packet towards the audience. The mixer sends one 20 ms frame per packet; the
 * media server's cost per viewer is per packet (encryption and a send each), and audio is most
 * of a viewer's packets, so three frames a packet cut them by two thirds for 40 ms more delay.
 */
export const FRAMES_PER_PACKET = 3;

/** RFC 6716 3.2.1: a frame length as one byte below 252, else two. */
function frameLength(length: number): number[] {
  if (length < 252) return [length];
  const first = 252 + (length & 3);
  return [first, (length - first) >> 2];
}

/** One packet of several frames (RFC 6716 code 3, lengths given: frames of a mixer may differ). */
export function packFrames(toc: number, frames: Buffer[]): Buffer {
  if (frames.length === 1) return Buffer.concat([Buffer.from([toc & 0xfc]), frames[0]!]);
  const lengths = frames.slice(0, -1).flatMap((f) => frameLength(f.length));
  return Buffer.concat([Buffer.from([(toc & 0xfc) | 3, 0x80 | frames.length, ...lengths]), ...frames]);
}

/**
 * Joins consecutive single-frame Opus packets of one stream into packets of up to
 * `FRAMES_PER_PACKET` frames. Frames are joined only when they follow each other (no packet
 * lost between them) and share their TOC's configuration, as a packet's frames must; anything
 * else sends what was gathered first. Each packet takes its first frame's timestamp.
 */
export class OpusPacker {
  private gathered: { first: RtpPacket; toc: number; frames: Buffer[]; lastSequence: number } | undefined;

  constructor(
    private readonly send: (packet: Buffer) => void,
    private sequence: number,
  ) {}

  push(packet: RtpPacket): void {
    const toc = packet.payload[0];
    if (toc === undefined) return;
    const g = this.gathered;
    const follows = g !== undefined && ((g.lastSequence + 1) & 0xffff) === packet.sequence && g.toc >> 2 === toc >> 2;
    const single = (toc & 3) === 0;
    if (!follows || !single) this.flush();
    if (!single) {
      // Already several frames: passed on as it came, under this stream's sequence.
      this.emit(packet, packet.payload);
      return;
    }
    const frame = packet.payload.subarray(1);
    if (this.gathered) {
      this.gathered.frames.push(frame);
      this.gathered.lastSequence = packet.sequence;
    } else {
      this.gathered = { first: packet, toc, frames: [frame], lastSequence: packet.sequence };
    }
    if (this.gathered.frames.length === FRAMES_PER_PACKET) this.flush();
  }

  private flush(): void {
    const g = this.gathered;
    if (!g) return;
    this.gathered = undefined;
    this.emit(g.first, packFrames(g.toc, g.frames));
  }

  private emit(header: RtpPacket, payload: Buffer): void {
    this.sequence = (this.sequence + 1) & 0xffff;
    this.send(buildRtp({ ...header, sequence: this.sequence }, payload));
  }
}

/** A loopback socket the mix is forwarded to; it sends the packed stream on to `target`. */
export class OpusPackingRelay {
  private readonly socket: Socket = createSocket('udp4');

  private constructor(target: { host: string; port: number }, sequence: number) {
    const packer = new OpusPacker((packet) => this.socket.send(packet, target.port, target.host), sequence);
    this.socket.on('message', (data) => {
      const packet = parseRtp(data);
      if (packet) packer.push(packet);
    });
  }

  static async open(host: string, target: { host: string; port: number }, sequence: number): Promise<OpusPackingRelay> {
    const relay = new OpusPackingRelay(target, sequence);
    await bindFreePort(relay.socket, host);
    return relay;
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    this.socket.close();
  }
}
