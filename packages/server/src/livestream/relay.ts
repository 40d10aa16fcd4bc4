import { createSocket, type Socket } from 'node:dgram';

const RTP_CLOCK_PER_MS = 90;

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

function anyUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** An even port of `host` with the odd one above it free as well, for an ffmpeg that takes RTP there and RTCP one above. */
export async function freeRtpPort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = (await anyUdpPort(host)) & ~1;
    if (port >= 1024 && (await udpFree(host, port)) && (await udpFree(host, port + 1))) return port;
  }
  throw new Error(`no free UDP port pair on ${host} for ffmpeg's RTP`);
}

/** Binds a relay's socket to a free port of `host`. */
export function bindFreePort(socket: Socket, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
}

/**
 * Passes the program's video RTP from the media server to the encoder as one unbroken stream.
 * The media server's forwarder changes with the speaker; each has its own SSRC, sequence numbers
 * and timestamps. The relay keeps only the SSRC it follows and rewrites the rest so that the
 * encoder sees one stream: sequence numbers continue, timestamps continue by the time that passed.
 */
export class RtpRelay {
  private socket: Socket = createSocket('udp4');
  private following: number | undefined;
  private rebase = true;
  private seqOffset = 0;
  private tsOffset = 0;
  private last: { seq: number; ts: number; at: number } | undefined;

  private constructor(
    private target: { host: string; port: number },
    private ssrc: number,
  ) {
    this.socket.on('message', (packet) => this.pass(packet));
  }

  /** A relay listening on a free port of `host`, sending to `target` as `ssrc`. */
  static async open(host: string, target: { host: string; port: number }, ssrc: number): Promise<RtpRelay> {
    const relay = new RtpRelay(target, ssrc);
    await bindFreePort(relay.socket, host);
    return relay;
  }

  /** Where the relay listens. */
  get host(): string {
    return this.socket.address().address;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** From now on, only packets of `ssrc` pass; the first one continues the stream. */
  follow(ssrc: number): void {
    this.following = ssrc;
    this.rebase = true;
  }

  private pass(packet: Buffer): void {
    if (packet.length < 12 || packet[0]! >> 6 !== 2 || packet.readUInt32BE(8) !== this.following) return;
    const seq = packet.readUInt16BE(2);
    const ts = packet.readUInt32BE(4);
    const now = Date.now();
    if (this.rebase) {
      this.rebase = false;
      const next = this.last ? { seq: this.last.seq + 1, ts: this.last.ts + Math.max(1, now - this.last.at) * RTP_CLOCK_PER_MS } : { seq, ts };
      this.seqOffset = next.seq - seq;
      this.tsOffset = next.ts - ts;
    }
    const outSeq = (seq + this.seqOffset) & 0xffff;
    const outTs = (ts + this.tsOffset) >>> 0;
    packet.writeUInt16BE(outSeq, 2);
    packet.writeUInt32BE(outTs, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    this.last = { seq: outSeq, ts: outTs, at: now };
    this.socket.send(packet, this.target.port, this.target.host);
  }

  close(): void {
    this.socket.close();
  }
}
