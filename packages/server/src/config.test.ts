import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { environmentVariables, loadConfig } from './config.ts';

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
