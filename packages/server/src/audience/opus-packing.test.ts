import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpusScript from 'opusscript';
import { parseRtp, type RtpPacket } from '../phone/rtp.ts';
import { FRAMES_PER_PACKET, OpusPacker, packFrames } from './opus-packing.ts';

const RATE = 48_000;
const FRAME = 960;

/** 20 ms Opus packets of a 440 Hz tone, as the mixer sends them. */
function tonePackets(count: number): RtpPacket[] {
  const encoder = new OpusScript(RATE, 1, OpusScript.Application.AUDIO);
  const packets: RtpPacket[] = [];
  for (let n = 0; n < count; n++) {
    const pcm = Buffer.alloc(FRAME * 2);
    for (let i = 0; i < FRAME; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * (n * FRAME + i)) / RATE)), i * 2);
    packets.push({ payloadType: 111, marker: false, sequence: 100 + n, timestamp: 5000 + n * FRAME, ssrc: 42, payload: encoder.encode(pcm, FRAME) });
  }
  encoder.delete();
  return packets;
}

function packed(packets: RtpPacket[]): RtpPacket[] {
  const out: RtpPacket[] = [];
  const packer = new OpusPacker((data) => out.push(parseRtp(data)!), 7);
  for (const p of packets) packer.push(p);
  return out;
}

test('three 20 ms packets become one of 60 ms that libopus decodes to 2 880 samples, stamped with the first frame', () => {
  const out = packed(tonePackets(9));
  assert.equal(out.length, 3);
  const decoder = new OpusScript(RATE, 1);
  for (const [i, p] of out.entries()) {
    assert.equal(p.payload[0]! & 3, 3, 'a packet of several frames');
    assert.equal(p.payload[1]! & 0x3f, FRAMES_PER_PACKET);
    assert.equal(decoder.decode(p.payload).length / 2, FRAMES_PER_PACKET * FRAME);
    assert.equal(p.timestamp, 5000 + i * FRAMES_PER_PACKET * FRAME);
    assert.equal(p.sequence, 8 + i, 'its own sequence, without gaps');
    assert.equal(p.ssrc, 42);
  }
  decoder.delete();
});

test('a lost packet ends the packet being gathered, so no frame lands at the wrong time', () => {
  const packets = tonePackets(6);
  const out = packed([packets[0]!, packets[1]!, packets[3]!, packets[4]!, packets[5]!]);
  assert.deepEqual(out.map((p) => p.timestamp), [5000, 5000 + 3 * FRAME]);
  const decoder = new OpusScript(RATE, 1);
  assert.deepEqual(out.map((p) => decoder.decode(p.payload).length / 2), [2 * FRAME, 3 * FRAME]);
  decoder.delete();
});

test('frame lengths of 252 bytes and more take two bytes, and the frames come back intact', () => {
  const frames = [Buffer.alloc(300, 1), Buffer.alloc(251, 2), Buffer.alloc(10, 3)];
  const packet = packFrames(0x78, frames);
  assert.deepEqual([...packet.subarray(0, 5)], [0x7b, 0x83, 252 + (300 & 3), (300 - (252 + (300 & 3))) >> 2, 251]);
  assert.equal(packet.length, 5 + 300 + 251 + 10);
  assert.ok(packet.subarray(5, 305).every((b) => b === 1));
  assert.ok(packet.subarray(305, 556).every((b) => b === 2));
});

test('packets of several frames already, or of another configuration, pass alone and in order', () => {
  const [a, b] = tonePackets(2);
  const several = { ...b!, sequence: a!.sequence + 1, payload: Buffer.from([(a!.payload[0]! & 0xfc) | 3, 0x81, 1]) };
  const out: Buffer[] = [];
  const packer = new OpusPacker((data) => out.push(data), 0);
  packer.push(a!);
  packer.push(several);
  assert.equal(out.length, 2);
  assert.equal(parseRtp(out[0]!)!.timestamp, a!.timestamp, 'what was gathered goes first');
  assert.deepEqual(parseRtp(out[1]!)!.payload, several.payload);

  // Another configuration (here another frame size's bits) cannot share a packet: the gathered frame goes alone.
  const first = { ...a!, sequence: 500 };
  const other = { ...b!, sequence: 501, payload: Buffer.from([b!.payload[0]! ^ 0x08, 5, 6]) };
  const next = { ...b!, sequence: 502 };
  packer.push(first);
  packer.push(other);
  packer.push(next);
  assert.equal(out.length, 4);
  assert.equal(parseRtp(out[2]!)!.payload.length, a!.payload.length, 'the first frame alone, as one frame');
  assert.deepEqual(parseRtp(out[3]!)!.payload, other.payload);
});
