import { ProtectionProfileAeadAes128Gcm, UdpTransport, type RTCDtlsTransport, type RTCPeerConnection } from 'werift';

/**
 * Kernel receive buffer of each receiving socket (the default is ~200 KB): a second of a
 * receiver's video and mix fits several times over, so a short stall of the event loop
 * delays packets instead of dropping them. Linux caps it at net.core.rmem_max.
 */
const RECEIVE_BUFFER_BYTES = 1 << 20;

/**
 * Janus sends a sender report for every stream every second, and werift decrypting one costs
 * as much as counting a few hundred RTP packets: one in this many reaches werift, enough for
 * a recent LSR in our receiver reports. The others are dropped unread.
 */
const SRTCP_PASS_EVERY = 5;

/** One received SRTP packet as its header tells it: SRTP encrypts the payload, never the RTP header. */
export interface ReceivedRtp {
  ssrc: number;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  /** Bytes between the header and the authentication tag (RTP padding included: its length is encrypted). */
  payloadBytes: number;
  /** When it was read from the socket, in performance.now() milliseconds. */
  arrivedAt: number;
  /** The datagram as received, for the spot checks that decrypt it. */
  datagram: Buffer;
}

export type RtpListener = (packet: ReceivedRtp, transport: RTCDtlsTransport) => void;

/** SRTP authentication tag length of the negotiated profile (AEAD_AES_128_GCM: 16, AES_CM_128_HMAC_SHA1_80: 10). */
const authTagLength = (transport: RTCDtlsTransport) => (transport.srtp.remoteContext.profile === ProtectionProfileAeadAes128Gcm ? 16 : 10);

/** RFC 7983: RTP and RTCP start with 128-191; RTCP packet types are 192-223 (RFC 5761). */
const isRtpOrRtcp = (data: Buffer) => data.length >= 12 && data[0]! >= 128 && data[0]! <= 191;
const isRtcp = (data: Buffer) => data[1]! >= 192 && data[1]! <= 223;

/** Reads the RTP header of an RTP datagram; undefined when it is too short to be one. */
function readHeader(data: Buffer, tagLength: number, arrivedAt: number): ReceivedRtp | undefined {
  const first = data[0]!;
  let offset = 12 + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (data.length < offset + 4) return undefined;
    offset += 4 + data.readUInt16BE(offset + 2) * 4;
  }
  const payloadBytes = data.length - offset - tagLength;
  if (payloadBytes < 0) return undefined;
  return {
    ssrc: data.readUInt32BE(8),
    payloadType: data[1]! & 0x7f,
    sequenceNumber: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    payloadBytes,
    arrivedAt,
    datagram: data,
  };
}

/** The UDP socket ICE selected for this DTLS transport (all our candidates are host candidates). */
function selectedSocket(transport: RTCDtlsTransport): UdpTransport | undefined {
  const protocol = transport.iceTransport.connection.nominated?.protocol as { transport?: unknown } | undefined;
  return protocol?.transport instanceof UdpTransport ? protocol.transport : undefined;
}

/**
 * Hands the connected transport's RTP to the listener instead of werift, passes werift a
 * sample of SRTCP and everything else, and enlarges the socket's buffer.
 */
function tap(transport: RTCDtlsTransport, listener: RtpListener): void {
  const socket = selectedSocket(transport);
  if (!socket) return;
  socket.socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
  const tagLength = authTagLength(transport);
  const toWerift = socket.onData;
  let srtcp = 0;
  socket.onData = (data, address) => {
    if (!isRtpOrRtcp(data)) {
      toWerift(data, address);
    } else if (isRtcp(data)) {
      if (srtcp++ % SRTCP_PASS_EVERY === 0) toWerift(data, address);
    } else {
      const packet = readHeader(data, tagLength, performance.now());
      if (packet) listener(packet, transport);
    }
  };
}

/**
 * Takes incoming RTP off a PeerConnection at its UDP socket as soon as its SRTP keys exist,
 * before werift would parse, decrypt and dispatch it: the listener gets each packet's clear
 * header and werift never sees the packet. STUN and DTLS still reach werift, and one SRTCP
 * packet in SRTCP_PASS_EVERY (on a receiving PeerConnection Janus sends only reports). The
 * PeerConnection's tracks then receive nothing: whoever taps it counts and answers for the media.
 */
export function tapIncomingRtp(pc: RTCPeerConnection, listener: RtpListener): void {
  const watched = new Set<RTCDtlsTransport>();
  // The PeerConnection reports "connecting" before each of its transports starts DTLS. Its
  // "connected" is no signal: werift may report it during a renegotiation before DTLS is done.
  pc.connectionStateChange.subscribe(() => {
    for (const transport of pc.dtlsTransports) {
      if (watched.has(transport)) continue;
      watched.add(transport);
      if (transport.srtpStarted) {
        tap(transport, listener);
        continue;
      }
      const { unSubscribe } = transport.onStateChange.subscribe((state) => {
        if (state !== 'connected') return;
        unSubscribe();
        tap(transport, listener);
      });
    }
  });
}
