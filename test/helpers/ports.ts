import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

const usedRanges: Array<[number, number]> = [];

/**
 * A range of UDP ports for one Janus's RTP/ICE sockets, as "from-to". Ranges are random within
 * 20000-59999, do not overlap other ranges handed out by this process, and a sample of their
 * ports is checked to be free.
 */
export async function freeUdpRange(size = 200): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const from = 20_000 + Math.floor(Math.random() * (40_000 - size));
    const to = from + size - 1;
    if (usedRanges.some(([a, b]) => from <= b && a <= to)) continue;
    const sample = [from, from + Math.floor(size / 2), to];
    const free = await Promise.all(sample.map(udpFree));
    if (free.every(Boolean)) {
      usedRanges.push([from, to]);
      return `${from}-${to}`;
    }
  }
  throw new Error('could not find a free UDP port range');
}
