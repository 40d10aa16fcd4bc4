// A load balancer on 127.0.0.1 in front of several moot processes, doing what an nginx upstream
// block with proxy_next_upstream does: HTTP and WebSocket upgrades go to one upstream, and to the
// next when that one refuses the connection (a process that died). Which upstream a client
// prefers is its User-Agent's `moot-upstream/<n>`, standing in for the balancer's hashing, so a
// test knows where each browser lands.
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface Balancer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The upstreams' base URLs, in order; set once they run. */
  upstreams: string[];
  close(): Promise<void>;
}

/** The User-Agent that sends a client to upstream `n` first. */
export function userAgentFor(n: number): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 moot-upstream/${n}`;
}

function order(balancer: Balancer, req: IncomingMessage): URL[] {
  const first = Number(/moot-upstream\/(\d+)/.exec(req.headers['user-agent'] ?? '')?.[1] ?? 0) % Math.max(1, balancer.upstreams.length);
  return [...balancer.upstreams.slice(first), ...balancer.upstreams.slice(0, first)].map((u) => new URL(u));
}

function headersFor(req: IncomingMessage, upstream: URL): Record<string, string | string[] | undefined> {
  return { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', host: req.headers.host ?? upstream.host };
}

export async function startBalancer(): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const balancer: Balancer = { url: '', upstreams: [], close: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const attempt = (left: URL[]): void => {
      const [upstream, ...rest] = left;
      if (!upstream) return void res.writeHead(502).end();
      const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: headersFor(req, upstream) }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' && !res.headersSent ? attempt(rest) : res.destroy()));
      out.end(body);
    };
    attempt(order(balancer, req));
  });
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const attempt = (left: URL[]): void => {
      const [upstream, ...rest] = left;
      if (!upstream) return void client.destroy();
      const out = connect(Number(upstream.port), upstream.hostname);
      out.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? attempt(rest) : client.destroy()));
      out.once('connect', () => {
        sockets.add(out);
        out.on('close', () => (sockets.delete(out), client.destroy()));
        client.on('close', () => out.destroy());
        out.on('error', () => client.destroy());
        client.on('error', () => out.destroy());
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (const [name, value] of Object.entries(headersFor(req, upstream))) {
          for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) lines.push(`${name}: ${v}`);
        }
        out.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) out.write(head);
        out.pipe(client);
        client.pipe(out);
      });
    };
    attempt(order(balancer, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  balancer.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return balancer;
}
