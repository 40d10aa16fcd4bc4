import { randomInt } from 'node:crypto';
import {
  compactNtp,
  GenericNack,
  RtcpReceiverInfo,
  RtcpRrPacket,
  RtcpSrPacket,
  RtcpTransportLayerFeedback,
  type RTCDtlsTransport,
  type RTCPeerConnection,
} from 'werift';
import { StreamCounter } from './receive.ts';
import { tapIncomingRtp, type ReceivedRtp } from './rtp-tap.ts';

/**
 * One packet in this many of each stream is decrypted and authenticated (the first one too):
 * a decryption costs as much as counting a few hundred packets from their headers.
 */
const CHECK_EVERY = 500;
/** A longer gap is a hole (a stream paused), not a few lost packets: asking again would only add load. */
const MAX_NACK = 32;
const REPORT_INTERVAL_MS = 1000;
/** RTCP receiver reports hold at most 31 report blocks. */
const MAX_REPORT_BLOCKS = 31;

interface Stream {
  counter: StreamCounter;
  /** The counter's totals at the previous report, for the fraction lost since then. */
  reportedExpected: number;
  reportedReceived: number;
  clockRate: number;
  /** RFC 3550 interarrival jitter and the last relative transit time, in RTP timestamp units. */
  jitter: number;
  transit: number | undefined;
}

export interface ReceptionOptions {
  /**
   * RTP clock rate of the media (48000 for Opus, 90000 for VP8), for the jitter in reports; by
   * payload type where one connection carries both.
   */
  clockRate: number | ((payloadType: number) => number);
  /** Ask for missing packets again (generic NACK): Janus retransmits video, not audio. */
  nack: boolean;
  /** Called once, at the first RTP packet. */
  onFirst: () => void;
}

/**
 * The receiving side of one PeerConnection, without werift's media pipeline (which decrypted
 * every packet and was the generator's main cost). It counts each incoming stream from the
 * clear RTP headers, decrypts one packet in CHECK_EVERY to prove they are genuine SRTP from
 * Janus, and answers over RTCP as a browser does: a generic NACK for missing video packets and,
 * every second, a receiver report per stream (loss, highest sequence number, jitter, LSR/DLSR).
 */
export class Reception {
  /** Packets decrypted and authenticated, and those that failed. */
  checked = 0;
  checkFailures = 0;
  /** Packets asked for again by NACK. */
  nacked = 0;
  private streams = new Map<number, Stream>();
  /** Per SSRC: the middle 32 bits of the last sender report's NTP time, and when it arrived. */
  private senderReports = new Map<number, { lsr: number; at: number }>();
  private readonly ssrc = randomInt(1, 2 ** 32 - 1);
  private transport: RTCDtlsTransport | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    pc: RTCPeerConnection,
    private options: ReceptionOptions,
  ) {
    tapIncomingRtp(pc, (packet, transport) => this.onRtp(packet, transport));
  }

  counters(): StreamCounter[] {
    return [...this.streams.values()].map((stream) => stream.counter);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private attach(transport: RTCDtlsTransport): void {
    this.transport = transport;
    transport.onRtcp.subscribe((rtcp) => {
      if (rtcp instanceof RtcpSrPacket) {
        this.senderReports.set(rtcp.ssrc, { lsr: compactNtp(rtcp.senderInfo.ntpTimestamp), at: performance.now() });
      }
    });
    this.timer = setInterval(() => this.report(transport), REPORT_INTERVAL_MS);
  }

  private onRtp(packet: ReceivedRtp, transport: RTCDtlsTransport): void {
    if (this.transport !== transport) this.attach(transport);
    let stream = this.streams.get(packet.ssrc);
    if (!stream) {
      if (this.streams.size === 0) this.options.onFirst();
      const { clockRate } = this.options;
      const rate = typeof clockRate === 'number' ? clockRate : clockRate(packet.payloadType);
      stream = { counter: new StreamCounter(), clockRate: rate, reportedExpected: 0, reportedReceived: 0, jitter: 0, transit: undefined };
      this.streams.set(packet.ssrc, stream);
    }
    const skipped = stream.counter.onPacket(packet.sequenceNumber, packet.payloadBytes);
    if (skipped < 0) return;
    this.updateJitter(stream, packet);
    if (skipped > 0 && this.options.nack) this.nack(packet, skipped, transport);
    if (stream.counter.received % CHECK_EVERY === 1) this.check(packet, stream.counter, transport);
  }

  private updateJitter(stream: Stream, packet: ReceivedRtp): void {
    const transit = (packet.arrivedAt * stream.clockRate) / 1000 - packet.timestamp;
    if (stream.transit !== undefined) {
      let d = Math.abs(transit - stream.transit);
      // The RTP timestamp wrapped at 2^32 between the two packets.
      if (d > 2 ** 31) d = Math.abs(d - 2 ** 32);
      stream.jitter += (d - stream.jitter) / 16;
    }
    stream.transit = transit;
  }

  private nack(packet: ReceivedRtp, skipped: number, transport: RTCDtlsTransport): void {
    if (skipped > MAX_NACK) return;
    const lost = Array.from({ length: skipped }, (_, i) => (packet.sequenceNumber - skipped + i + 0x10000) % 0x10000);
    this.nacked += skipped;
    const feedback = new GenericNack({ senderSsrc: this.ssrc, mediaSourceSsrc: packet.ssrc, lost });
    void transport.sendRtcp([new RtcpTransportLayerFeedback({ feedback })]).catch(() => undefined);
  }

  /**
   * Decrypts and authenticates one packet. werift has seen none of this stream's packets, so
   * its rollover counter is set from ours first (this packet is the highest seen, so its
   * rollover counter is the number of times the extended sequence number wrapped).
   */
  private check(packet: ReceivedRtp, counter: StreamCounter, transport: RTCDtlsTransport): void {
    transport.srtp.remoteContext.srtpSSRCStates[packet.ssrc] = {
      ssrc: packet.ssrc,
      rolloverCounter: Math.floor(counter.highest / 0x10000),
      lastSequenceNumber: packet.sequenceNumber,
      rolloverHasProcessed: true,
    };
    try {
      transport.srtp.decrypt(packet.datagram);
      this.checked++;
    } catch {
      this.checkFailures++;
    }
  }

  private report(transport: RTCDtlsTransport): void {
    if (transport.state !== 'connected' || this.streams.size === 0) return;
    const now = performance.now();
    const reports = [...this.streams].slice(0, MAX_REPORT_BLOCKS).map(([ssrc, stream]) => {
      const { expected, received, highest } = stream.counter;
      const expectedSince = expected - stream.reportedExpected;
      const lostSince = expectedSince - (received - stream.reportedReceived);
      stream.reportedExpected = expected;
      stream.reportedReceived = received;
      const sr = this.senderReports.get(ssrc);
      return new RtcpReceiverInfo({
        ssrc,
        fractionLost: expectedSince > 0 && lostSince > 0 ? Math.min(255, Math.floor((256 * lostSince) / expectedSince)) : 0,
        packetsLost: Math.min(0x7fffff, Math.max(0, expected - received)),
        highestSequence: highest >>> 0,
        jitter: Math.floor(stream.jitter),
        lsr: sr?.lsr ?? 0,
        dlsr: sr ? Math.floor(((now - sr.at) / 1000) * 65536) : 0,
      });
    });
    void transport.sendRtcp([new RtcpRrPacket({ ssrc: this.ssrc, reports })]).catch(() => undefined);
  }
}
