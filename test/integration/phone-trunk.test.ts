// moot registers with a phone provider's registrar (SIPp playing the provider) and answers its
// digest challenge; with a wrong password the provider refuses and moot reports it without ever
// writing the password to its log. And it takes SIP over TLS with its own certificate.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { makeTempDir, testServerEnv } from '../helpers/moot.ts';
import { freePort, freeUdpRange } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';
import pino from 'pino';

const REGISTRAR = fileURLToPath(new URL('../helpers/sipp/registrar.xml', import.meta.url));

/** SIPp as the provider's registrar, accepting `user` with `password`; resolves when it is done. */
async function provider(user: string, password: string): Promise<{ target: string; done: Promise<number> }> {
  const dir = makeTempDir('moot-registrar-');
  writeFileSync(join(dir, 'trunk.csv'), `SEQUENTIAL\n${user};${password};\n`);
  const port = await freePort();
  const child = spawn('sipp', ['-sf', REGISTRAR, '-inf', join(dir, 'trunk.csv'), '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-nostdin', '-timeout', '60s'], { cwd: dir, stdio: 'ignore' });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { target: `127.0.0.1:${port}`, done };
}

async function registerWith(password: string, providerPassword: string): Promise<{ state: string | undefined; log: string }> {
  const registrar = await provider('trunkuser', providerPassword);
  const secret = join(makeTempDir('moot-trunk-'), 'password');
  writeFileSync(secret, `${password}\n`, { mode: 0o600 });
  const { env } = await testServerEnv({
    env: {
      MOOT_SIP_LISTEN: `127.0.0.1:${await freePort()}`,
      // A name, not moot's own loopback address, since the provider here shares that address.
      MOOT_SIP_PUBLIC_ADDRESS: 'localhost',
      MOOT_SIP_RTP_PORTS: await freeUdpRange(10),
      MOOT_SIP_TRUNK_REGISTRAR: `sip:${registrar.target}`,
      MOOT_SIP_TRUNK_USER: 'trunkuser',
      MOOT_SIP_TRUNK_PASSWORD_FILE: secret,
    },
  });
  let log = '';
  const logger = pino({ level: 'info' }, { write: (line: string) => void (log += line) });
  const server = await startInProcess(env, logger);
  try {
    await waitFor(() => (server.services.dialIn?.registration !== 'registering' ? true : null), { timeoutMs: 30_000, message: 'an answer from the registrar' });
    await registrar.done;
    return { state: server.services.dialIn?.registration, log };
  } finally {
    await server.stop();
  }
}

test('moot registers with a phone provider, answering its digest challenge with the trunk password', async () => {
  const { state } = await registerWith('s3cret-trunk', 's3cret-trunk');
  assert.equal(state, 'registered');
});

test('a wrong trunk password is refused by the provider, reported, and never written to the log', async () => {
  const { state, log } = await registerWith('not-the-password', 's3cret-trunk');
  assert.equal(state, 'failed');
  assert.match(log, /refused the registration/);
  assert.doesNotMatch(log, /not-the-password|s3cret-trunk/);
});

test('moot takes SIP over TLS with its certificate: a request on the TLS port is answered', async () => {
  const dir = makeTempDir('moot-sip-tls-');
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const tlsPort = await freePort();
  const { env } = await testServerEnv({
    env: {
      MOOT_SIP_LISTEN: `127.0.0.1:${await freePort()}`,
      MOOT_SIP_RTP_PORTS: await freeUdpRange(10),
      MOOT_SIP_TLS_PORT: String(tlsPort),
      MOOT_SIP_TLS_CERT: cert,
      MOOT_SIP_TLS_KEY: key,
    },
  });
  const server = await startInProcess(env);
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: tlsPort, ca: readFileSync(cert), servername: 'localhost' }, () => {
        socket.write(
          [
            `OPTIONS sip:moot@127.0.0.1:${tlsPort};transport=tls SIP/2.0`,
            'Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls-1',
            'From: <sip:probe@127.0.0.1>;tag=probe',
            'To: <sip:moot@127.0.0.1>',
            'Call-ID: tls-probe@test',
            'CSeq: 1 OPTIONS',
            'Max-Forwards: 70',
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        );
      });
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) {
          socket.end();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    assert.match(answer, /^SIP\/2\.0 200 OK/);
    assert.match(answer, /Allow: INVITE, ACK, BYE, CANCEL, OPTIONS/);
  } finally {
    await server.stop();
  }
});
