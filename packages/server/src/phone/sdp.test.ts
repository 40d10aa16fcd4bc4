import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, negotiate } from './sdp.ts';

function offer(media: string, connection = 'c=IN IP4 192.0.2.10'): string {
  return ['v=0', 'o=- 1 1 IN IP4 192.0.2.10', 's=-', connection, 't=0 0', media, ''].join('\r\n');
}

test('μ-law is chosen first and the caller’s telephone-event type is kept', () => {
  const n = negotiate(offer('m=audio 4000 RTP/AVP 8 0 96\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000'));
  assert.deepEqual(n, { ok: true, call: { codec: 'pcmu', payloadType: 0, keysPayloadType: 96, remote: { host: '192.0.2.10', port: 4000 } } });
});

test('A-law is taken when μ-law is not offered, and static types need no rtpmap', () => {
  const n = negotiate(offer('m=audio 4002 RTP/AVP 8 18'));
  assert.equal(n.ok && n.call.codec, 'pcma');
  assert.equal(n.ok && n.call.keysPayloadType, undefined);
});

test('offers moot cannot use are refused with the reason', () => {
  assert.deepEqual(negotiate(offer('m=audio 4000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2')), { ok: false, reason: 'neither PCMU nor PCMA offered' });
  assert.equal(negotiate(offer('m=audio 4000 RTP/SAVP 0')).ok, false);
  assert.deepEqual(negotiate(offer('m=video 4000 RTP/AVP 96')), { ok: false, reason: 'no audio stream offered' });
  assert.deepEqual(negotiate(offer('m=audio 4000 RTP/AVP 0', '')), { ok: false, reason: 'no connection address' });
});

test('the answer names moot’s address, the agreed codec and key presses', () => {
  const n = negotiate(offer('m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000'));
  assert.ok(n.ok);
  const sdp = answer(n.call, { host: '198.51.100.7', port: 41000 }, 5);
  assert.match(sdp, /c=IN IP4 198\.51\.100\.7/);
  assert.match(sdp, /m=audio 41000 RTP\/AVP 0 101/);
  assert.match(sdp, /a=rtpmap:0 PCMU\/8000/);
  assert.match(sdp, /a=rtpmap:101 telephone-event\/8000/);
  assert.match(sdp, /a=fmtp:101 0-15/);
});
