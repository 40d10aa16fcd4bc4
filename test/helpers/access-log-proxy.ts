// A reverse proxy on 127.0.0.1 that writes an access log the way nginx's default format does
// (the request line and the Basic user name, never the Authorization header), so a test can see
// what such a log keeps of a client's requests and replay it.
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AccessLogProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** One line a request: `<user or -> <method> <path and query>`. */
  log: string[];
  close(): Promise<void>;
}

function basicUser(authorization: string | undefined): string {
  const encoded = /^Basic +(\S+)$/i.exec(authorization ?? '')?.[1];
  return encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':')[0]! || '-' : '-';
}

export async function accessLogProxy(target: string): Promise<AccessLogProxy> {
  const upstream = new URL(target);
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    log.push(`${basicUser(req.headers.authorization)} ${req.method} ${req.url}`);
    const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
