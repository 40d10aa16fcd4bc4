import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { janusConfigFiles, protectedFolders } from './janus-config.ts';

test('Janus may write into the data folder even under /var, and nowhere else in the system', () => {
  assert.ok(!protectedFolders('/var/lib/moot/janus').includes('/var'));
  assert.ok(protectedFolders('/var/lib/moot/janus').includes('/usr'));
  assert.ok(protectedFolders('/home/moot/data/janus').includes('/var'));
});

test('the managed Janus loads the Streaming plugin for the audience, with the admin key, the media ports and no mountpoint of its own', () => {
  const lib = mkdtempSync(join(tmpdir(), 'janus-lib-'));
  mkdirSync(join(lib, 'plugins'));
  for (const plugin of ['libjanus_videoroom.so', 'libjanus_audiobridge.so', 'libjanus_streaming.so', 'libjanus_echotest.so']) writeFileSync(join(lib, 'plugins', plugin), '');
  const config = { mode: 'managed', urls: [], binary: 'janus', wsPort: 8188, rtpPorts: '41000-41999', iceTcp: false } as unknown as Parameters<typeof janusConfigFiles>[0];
  const files = janusConfigFiles(config, '/tmp/moot-janus', lib, { adminKey: 'the-admin-key', tokenSecret: 'the-token-secret' });
  assert.match(files['janus.jcfg']!, /plugins: \{ disable = "libjanus_echotest\.so" \}/, 'only the echo test is switched off');
  const streaming = files['janus.plugin.streaming.jcfg']!;
  assert.match(streaming, /admin_key = "the-admin-key"/);
  assert.match(streaming, /rtp_port_range = "41000-41999"/);
  assert.doesNotMatch(streaming, /type = /, 'no static mountpoint');
});
