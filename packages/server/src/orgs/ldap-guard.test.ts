import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { ProviderAddressError, type Resolve } from '../sso/host-guard.ts';
import { DirectoryHostGuard } from './ldap-guard.ts';

/** A resolver that answers each lookup of any name with the next address of `answers` (the last one repeats). */
function changingDns(answers: string[]): Resolve {
  let count = 0;
  return (_hostname, _options, callback) => {
    const address = answers[Math.min(count++, answers.length - 1)]!;
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };
}

/** A TCP server on 127.0.0.1 standing for a service of the operator's network; it counts who reaches it. */
async function loopbackService(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

const failure = (socket: Socket) => new Promise<Error>((resolve, reject) => {
  socket.once('error', resolve);
  socket.once('connect', () => reject(new Error('the socket connected')));
});

test('directories on this machine, private networks, link-local or over plain ldap:// on the network are refused, each named', async () => {
  const guard = new DirectoryHostGuard([]);
  const cases: [string, boolean, RegExp][] = [
    ['ldap://127.0.0.1:389', false, /127\.0\.0\.1 is a loopback address/],
    ['ldaps://localhost', false, /localhost resolves to 127\.0\.0\.1, a loopback address/],
    ['ldaps://[::1]', false, /loopback/],
    ['ldaps://192.168.1.10', false, /private network/],
    ['ldaps://169.254.169.254', false, /link-local/],
    ['ldap://93.184.216.34', true, /must use StartTLS or ldaps/],
    ['http://93.184.216.34', false, /must use ldap:\/\/ or ldaps:\/\//],
  ];
  for (const [address, insecure, reason] of cases) {
    await assert.rejects(guard.check(address, insecure), (err: Error) => err instanceof ProviderAddressError && reason.test(err.message), address);
  }
  await new DirectoryHostGuard([], changingDns(['93.184.216.34'])).check('ldaps://ldap.partner.example', false);
});

test('a listed host on this machine may skip StartTLS; a listed host on the network may not', async () => {
  await new DirectoryHostGuard(['127.0.0.1:1389']).check('ldap://127.0.0.1:1389', true);
  await assert.rejects(new DirectoryHostGuard(['127.0.0.1:1389']).check('ldap://127.0.0.1:1390', true), /loopback/);
  await assert.rejects(new DirectoryHostGuard(['ldap.internal'], changingDns(['10.0.0.7'])).check('ldap://ldap.internal', true), /only a listed host on this machine/);
  await new DirectoryHostGuard(['ldap.internal'], changingDns(['10.0.0.7'])).check('ldap://ldap.internal', false);
  assert.deepEqual(new DirectoryHostGuard(['ldap.internal']).sockets('ldap://ldap.internal'), {});
});

test('a directory name that was public when checked but resolves to 127.0.0.1 as the socket opens reaches nothing, over ldap:// and ldaps://', async () => {
  const service = await loopbackService();
  try {
    const guard = new DirectoryHostGuard([], changingDns(['93.184.216.34', '127.0.0.1']));
    await guard.check(`ldap://ldap.partner.example:${service.port}`, false);
    const sockets = guard.sockets(`ldap://ldap.partner.example:${service.port}`);
    const plain = await failure(sockets.createConnection!(service.port, 'ldap.partner.example'));
    assert.ok(plain instanceof ProviderAddressError && /ldap\.partner\.example resolves to 127\.0\.0\.1/.test(plain.message), plain.message);
    const secure = await failure(sockets.createSecureConnection!(service.port, 'ldap.partner.example', {}));
    assert.ok(secure instanceof ProviderAddressError, secure.message);
    assert.equal(service.connections(), 0);
  } finally {
    service.server.close();
  }
});
