import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderAddressError, ProviderHostGuard, type Resolve } from './host-guard.ts';

/** A resolver that answers each lookup of any name with the next address of `answers` (the last one repeats). */
function changingDns(answers: string[]): { resolve: Resolve; lookups: () => number } {
  let count = 0;
  const resolve: Resolve = (_hostname, _options, callback) => {
    const address = answers[Math.min(count++, answers.length - 1)]!;
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };
  return { resolve, lookups: () => count };
}

/** An HTTP server on 127.0.0.1 that counts the requests reaching it. */
async function loopbackServer(): Promise<{ server: Server; port: number; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests: () => requests };
}

test('addresses in loopback, private, link-local, CGNAT, unique-local and unspecified ranges are refused, each named', async () => {
  const guard = new ProviderHostGuard([]);
  const cases: [string, RegExp][] = [
    ['http://127.0.0.1:7088/admin', /must use https/],
    ['https://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['https://[::ffff:127.0.0.1]/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://10.1.2.3/', /private network/],
    ['https://192.168.0.1/', /private network/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://100.64.0.1/', /carrier-grade NAT/],
    ['https://[fd00::1]/', /unique-local/],
    ['https://0.0.0.0/', /unspecified/],
    ['https://localhost/', /localhost resolves to 127\.0\.0\.1, a loopback address/],
  ];
  for (const [address, reason] of cases) {
    await assert.rejects(guard.check('issuer', address), (err: Error) => err instanceof ProviderAddressError && reason.test(err.message), address);
  }
});

test('a name that resolves to a public address is accepted', async () => {
  const guard = new ProviderHostGuard([], changingDns(['93.184.216.34']).resolve);
  await guard.check('issuer', 'https://idp.example/');
});

test('a name that resolved to a public address when checked but to 127.0.0.1 when the connection opens reaches nothing', async () => {
  const target = await loopbackServer();
  try {
    // Two public answers (the check when set, the check before the fetch), then the loopback one as the socket opens.
    const dns = changingDns(['93.184.216.34', '93.184.216.34', '127.0.0.1']);
    const guard = new ProviderHostGuard([], dns.resolve);
    await guard.check('issuer', `https://idp.example:${target.port}/`);
    await assert.rejects(guard.fetch(`https://idp.example:${target.port}/.well-known/openid-configuration`), (err: Error) => err instanceof ProviderAddressError && /idp\.example resolves to 127\.0\.0\.1/.test(err.message));
    assert.equal(dns.lookups(), 3, 'the connection looked the name up itself');
    assert.equal(target.requests(), 0);
  } finally {
    target.server.close();
  }
});

test('a listed loopback host may use plain http; the same host unlisted, or a listed host on the network over http, is refused', async () => {
  const target = await loopbackServer();
  try {
    const listed = new ProviderHostGuard([`127.0.0.1:${target.port}`, 'idp.internal']);
    const response = await listed.fetch(`http://127.0.0.1:${target.port}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    assert.equal(target.requests(), 1);
    await assert.rejects(new ProviderHostGuard([]).fetch(`http://127.0.0.1:${target.port}/`), /must use https/);
    const onNetwork = new ProviderHostGuard(['idp.internal'], changingDns(['10.0.0.7']).resolve);
    await onNetwork.check('issuer', 'https://idp.internal/');
    await assert.rejects(onNetwork.check('issuer', 'http://idp.internal/'), /plain http is allowed only to a listed host on this machine/);
    assert.equal(target.requests(), 1);
  } finally {
    target.server.close();
  }
});
