import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentVariables, loadConfig, recordServerStart } from './config.ts';

test('every environment variable the configuration reads is documented in the README', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const missing = environmentVariables().filter((name) => !readme.includes(`\`${name}\``));
  assert.deepEqual(missing, []);
});

test('environment variables override defaults and are validated', () => {
  const config = loadConfig({ PORT: '9000', MOOT_DATA_DIR: '/tmp/moot-config-test', MOOT_JANUS_ICE_TCP: 'true', MOOT_JANUS_URLS: 'ws://a:1,ws://b:2' });
  assert.equal(config.http.port, 9000);
  assert.equal(config.http.publicUrl, 'http://localhost:9000');
  assert.equal(config.janus.iceTcp, true);
  assert.deepEqual(config.janus.urls, ['ws://a:1', 'ws://b:2']);
  assert.throws(() => loadConfig({ MOOT_DATA_DIR: '/tmp/moot-config-test', MOOT_JANUS_RTP_PORTS: 'lots' }), /janus.rtpPorts/);
});

test("the CLI takes the public URL the server last ran with, below the config file and the environment; the server never reads it back", () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-config-start-'));
  try {
    recordServerStart(loadConfig({ MOOT_DATA_DIR: dir, MOOT_PUBLIC_URL: 'https://meet.example.org/' }));
    assert.equal(statSync(join(dir, 'server-start.json')).mode & 0o777, 0o600);
    assert.equal(loadConfig({ MOOT_DATA_DIR: dir }, { serverStart: true }).http.publicUrl, 'https://meet.example.org');
    assert.equal(loadConfig({ MOOT_DATA_DIR: dir }).http.publicUrl, 'http://localhost:8080', 'the server starts from its own settings');
    assert.equal(loadConfig({ MOOT_DATA_DIR: dir, MOOT_PUBLIC_URL: 'https://other.example.org' }, { serverStart: true }).http.publicUrl, 'https://other.example.org');
    writeFileSync(join(dir, 'moot.json'), JSON.stringify({ http: { port: 9090, publicUrl: 'https://file.example.org' } }));
    const fromFile = loadConfig({ MOOT_DATA_DIR: dir }, { serverStart: true });
    assert.equal(fromFile.http.publicUrl, 'https://file.example.org');
    assert.equal(fromFile.http.port, 9090);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('trusted proxies: true means this machine only, lists take addresses and CIDR ranges, anything else is refused', () => {
  const trusted = (value?: string) => loadConfig({ MOOT_DATA_DIR: '/tmp/moot-config-test', ...(value === undefined ? {} : { MOOT_HTTP_TRUST_PROXY: value }) }).http.trustProxy;
  assert.deepEqual(trusted(), []);
  assert.deepEqual(trusted('false'), []);
  assert.deepEqual(trusted('true'), ['loopback']);
  assert.deepEqual(trusted('10.0.0.5, 192.168.0.0/16,::1'), ['10.0.0.5', '192.168.0.0/16', '::1']);
  for (const wrong of ['proxy.example.org', '10.0.0.0/33', '10.0.0.1/8/8']) assert.throws(() => trusted(wrong), /http.trustProxy/, wrong);
});

test('TURN: URLs and secret file go together, URLs must be turn: or turns: addresses, the lifetime has bounds', () => {
  const turn = (env: Record<string, string>) => loadConfig({ MOOT_DATA_DIR: '/tmp/moot-config-test', ...env }).turn;
  assert.deepEqual(turn({}), { urls: [], ttl: 6 * 3600 });
  const urls = 'turn:turn.example.org:3478?transport=udp, turn:turn.example.org:3478?transport=tcp,turns:turn.example.org:5349,turn:[2001:db8::1]:3478';
  assert.deepEqual(turn({ MOOT_TURN_URLS: urls, MOOT_TURN_SECRET_FILE: '/etc/moot/turn-secret', MOOT_TURN_TTL: '3600' }), {
    urls: ['turn:turn.example.org:3478?transport=udp', 'turn:turn.example.org:3478?transport=tcp', 'turns:turn.example.org:5349', 'turn:[2001:db8::1]:3478'],
    secretFile: '/etc/moot/turn-secret',
    ttl: 3600,
  });
  assert.throws(() => turn({ MOOT_TURN_URLS: 'turn:turn.example.org:3478' }), /turn: the TURN URLs and the secret file/);
  assert.throws(() => turn({ MOOT_TURN_SECRET_FILE: '/etc/moot/turn-secret' }), /turn: the TURN URLs and the secret file/);
  for (const wrong of ['stun:turn.example.org:3478', 'https://turn.example.org', 'turns:turn.example.org:5349?transport=udp', 'turn:user@turn.example.org', 'turn:turn.example.org:3478?transport=sctp']) {
    assert.throws(() => turn({ MOOT_TURN_URLS: wrong, MOOT_TURN_SECRET_FILE: '/etc/moot/turn-secret' }), /turn\.urls\.0: must be turn:host/, wrong);
  }
  for (const ttl of ['10', String(8 * 86400), 'soon']) {
    assert.throws(() => turn({ MOOT_TURN_URLS: 'turn:turn.example.org', MOOT_TURN_SECRET_FILE: '/etc/moot/turn-secret', MOOT_TURN_TTL: ttl }), /turn\.ttl/, ttl);
  }
});
