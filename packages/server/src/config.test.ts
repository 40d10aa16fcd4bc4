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
