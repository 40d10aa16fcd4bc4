import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { rtmpPreset, rtmpTarget } from './rtmp.ts';

test('an RTMP destination’s ffmpeg arguments never hold its stream key, which goes to a preset file only its owner reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-rtmp-'));
  const file = join(dir, 'destination-0.ffpreset');
  const target = rtmpTarget({ id: 'd1', name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', streamKey: 'abcd-efgh-1234' }, file);
  assert.ok(!target.output.join(' ').includes('abcd-efgh-1234'), target.output.join(' '));
  assert.deepEqual(target.output, ['-f', 'flv', '-fpre', file, 'rtmp://a.rtmp.youtube.com/live2']);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file, 'utf8'), 'rtmp_app=live2\nrtmp_playpath=abcd-efgh-1234\n');
  assert.deepEqual(target.secrets, ['abcd-efgh-1234']);
});

test('the address’s whole path is the RTMP application, and an address without a path names none', () => {
  assert.equal(rtmpPreset({ url: 'rtmps://live.example:443/app/instance/', streamKey: 'k' }), 'rtmp_app=app/instance\nrtmp_playpath=k\n');
  assert.equal(rtmpPreset({ url: 'rtmp://127.0.0.1:1935', streamKey: 'k' }), 'rtmp_playpath=k\n');
});
