import { createSocket, type Socket } from 'node:dgram';

/**
 * UDP sockets for callers' audio from the configured range: each call binds the next free even
 * port (RTP convention), so the firewall opens one known range.
 */
export class PortPool {
  private next: number;

  constructor(
    private readonly host: string,
    private readonly first: number,
    private readonly last: number,
  ) {
    this.next = first + (first % 2);
  }

  static fromRange(host: string, range: string): PortPool {
    const [first, last] = range.split('-').map(Number) as [number, number];
    return new PortPool(host, first, last);
  }

  /** A socket bound in the range; rejects when every port is taken. */
  async bind(): Promise<Socket> {
    const span = this.last - this.first + 1;
    for (let tried = 0; tried < span; tried += 2) {
      const port = this.next;
      this.next = port + 2 > this.last ? this.first + (this.first % 2) : port + 2;
      const socket = await tryBind(this.host, port);
      if (socket) return socket;
    }
    throw new Error(`no free UDP port for a call in ${this.first}-${this.last}`);
  }
}

function tryBind(host: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      // A socket whose bind failed still holds a handle until closed.
      socket.close(() => resolve(undefined));
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
