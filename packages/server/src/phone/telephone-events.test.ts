import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RtpPacket } from './rtp.ts';
import { TelephoneEvents } from './telephone-events.ts';

function event(timestamp: number, code: number, end: boolean): RtpPacket {
  return { payloadType: 101, marker: false, sequence: 0, timestamp, ssrc: 1, payload: Buffer.from([code, end ? 0x8a : 0x0a, 0, 160]) };
}

/** Every packet of one key press: starts, then the end sent three times. */
function press(timestamp: number, code: number): RtpPacket[] {
  return [event(timestamp, code, false), event(timestamp, code, false), event(timestamp, code, true), event(timestamp, code, true), event(timestamp, code, true)];
}

function keysOf(packets: RtpPacket[]): string {
  const events = new TelephoneEvents();
  return packets.map((p) => events.receive(p) ?? '').join('');
}

test('each key press is reported once, whatever the number of its packets', () => {
  assert.equal(keysOf([...press(1000, 1), ...press(2000, 2), ...press(3000, 10), ...press(4000, 11)]), '12*#');
});

test('the same key twice in a row is two presses', () => {
  assert.equal(keysOf([...press(1000, 5), ...press(1800, 5)]), '55');
});

test('a sender that reuses the timestamp for the next press is still heard', () => {
  assert.equal(keysOf([...press(1000, 7), ...press(1000, 8)]), '78');
});

test('a press sent only as its end packets counts once', () => {
  assert.equal(keysOf([event(500, 3, true), event(500, 3, true), event(500, 3, true)]), '3');
});

test('a packet too short to be an event is ignored', () => {
  const events = new TelephoneEvents();
  assert.equal(events.receive({ payloadType: 101, marker: false, sequence: 0, timestamp: 1, ssrc: 1, payload: Buffer.from([1]) }), undefined);
});
