import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, test } from 'node:test';
import { RtpRelay } from './relay.ts';

const sockets: { close(): void }[] = [];
after(() => sockets.forEach((s) => s.close()));

function rtp(seq: number, ts: number, ssrc: number): Buffer {
  const packet = Buffer.alloc(16);
  packet[0] = 0x80;
  packet[1] = 100;
  packet.writeUInt16BE(seq, 2);
  packet.writeUInt32BE(ts, 4);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

test('the relay turns the forwarders of successive speakers into one stream: one SSRC, sequence numbers without a gap', async () => {
  const encoder = createSocket('udp4');
  sockets.push(encoder);
  const received: Buffer[] = [];
  encoder.on('message', (m) => received.push(m));
  await new Promise<void>((r) => encoder.bind(0, '127.0.0.1', () => r()));
  const relay = await RtpRelay.open('127.0.0.1', { host: '127.0.0.1', port: encoder.address().port }, 4242);
  sockets.push(relay);
  const janus = createSocket('udp4');
  sockets.push(janus);
  const send = (p: Buffer) => new Promise<void>((r) => janus.send(p, relay.port, '127.0.0.1', () => r()));
  const receivedCount = async (n: number) => {
    const deadline = Date.now() + 2000;
    while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };

  relay.follow(1);
  await send(rtp(1000, 50_000, 1));
  await send(rtp(1001, 53_000, 1));
  await receivedCount(2);
  relay.follow(2);
  // A late packet of the previous speaker is dropped; the new one continues the numbering.
  await send(rtp(1002, 56_000, 1));
  await send(rtp(60_000, 9_000_000, 2));
  await send(rtp(60_001, 9_003_000, 2));
  await receivedCount(4);

  assert.equal(received.length, 4);
  assert.deepEqual(
    received.map((p) => p.readUInt16BE(2)),
    [1000, 1001, 1002, 1003],
  );
  assert.ok(received.every((p) => p.readUInt32BE(8) === 4242));
  const ts = received.map((p) => p.readUInt32BE(4));
  assert.ok(ts[2]! > ts[1]! && ts[2]! - ts[1]! < 90_000, `the time stamps continue: ${ts.join(', ')}`);
  assert.equal(ts[3]! - ts[2]!, 3000);
});
