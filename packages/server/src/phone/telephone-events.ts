import type { RtpPacket } from './rtp.ts';

/** RFC 4733 event codes of the phone keypad. */
const KEYS = '0123456789*#ABCD';

/**
 * Turns telephone-event packets into key presses. A key press is sent as several packets with
 * one timestamp, its end repeated three times; each press is reported once, on its first packet.
 * A sender that reuses a timestamp for the next press (some do) is still heard, because a start
 * packet after that timestamp's end is a new press.
 */
export class TelephoneEvents {
  private timestamp: number | undefined;
  private ended = false;

  /** The key of a press that starts with this packet, if one does. */
  receive(packet: RtpPacket): string | undefined {
    if (packet.payload.length < 4) return undefined;
    const key = KEYS[packet.payload[0]!];
    const end = (packet.payload[1]! & 0x80) !== 0;
    const press = packet.timestamp !== this.timestamp || (this.ended && !end);
    this.timestamp = packet.timestamp;
    if (press) {
      this.ended = end;
      return key;
    }
    if (end) this.ended = true;
    return undefined;
  }
}
