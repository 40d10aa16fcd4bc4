import { parse, write, type SessionDescription } from 'sdp-transform';

/** The phone codecs moot speaks: G.711 μ-law and A-law, which every phone and trunk offers. */
export type G711 = 'pcmu' | 'pcma';

const STATIC_PT: Record<G711, number> = { pcmu: 0, pcma: 8 };
const NAMES: Record<string, G711> = { pcmu: 'pcmu', pcma: 'pcma' };

/** What a caller's offer and moot agreed on. */
export interface Negotiated {
  codec: G711;
  payloadType: number;
  /** The caller's payload type for key presses (RFC 4733), if it offered them. */
  keysPayloadType: number | undefined;
  /** Where the caller wants the audio. */
  remote: { host: string; port: number };
}

export type Negotiation = { ok: true; call: Negotiated } | { ok: false; reason: string };

/** Picks G.711 (μ-law first) and telephone-events from the first audio stream of an offer. */
export function negotiate(offer: string): Negotiation {
  let sdp: SessionDescription;
  try {
    sdp = parse(offer);
  } catch {
    return { ok: false, reason: 'unreadable SDP' };
  }
  const audio = sdp.media.find((m) => m.type === 'audio' && m.port > 0);
  if (!audio) return { ok: false, reason: 'no audio stream offered' };
  if (!/^RTP\/AVP$/.test(audio.protocol)) return { ok: false, reason: `transport ${audio.protocol} is not supported (plain RTP/AVP only)` };
  const host = audio.connection?.ip ?? sdp.connection?.ip;
  if (!host) return { ok: false, reason: 'no connection address' };
  const offered = String(audio.payloads ?? '').split(/\s+/).filter(Boolean).map(Number);
  const nameOf = (pt: number): string | undefined => audio.rtp.find((r) => r.payload === pt)?.codec.toLowerCase() ?? (pt === 0 ? 'pcmu' : pt === 8 ? 'pcma' : undefined);
  let choice: { codec: G711; pt: number } | undefined;
  for (const codec of ['pcmu', 'pcma'] as const) {
    const pt = offered.find((p) => NAMES[nameOf(p) ?? ''] === codec && (p === STATIC_PT[codec] || audio.rtp.find((r) => r.payload === p)?.rate === 8000));
    if (pt !== undefined) {
      choice = { codec, pt };
      break;
    }
  }
  if (!choice) return { ok: false, reason: 'neither PCMU nor PCMA offered' };
  const keys = audio.rtp.find((r) => r.codec.toLowerCase() === 'telephone-event' && r.rate === 8000 && offered.includes(r.payload));
  return { ok: true, call: { codec: choice.codec, payloadType: choice.pt, keysPayloadType: keys?.payload, remote: { host, port: audio.port } } };
}

/** moot's answer: the agreed codec and key presses, audio at `local`. */
export function answer(call: Negotiated, local: { host: string; port: number }, sessionId: number): string {
  const payloads = [call.payloadType, ...(call.keysPayloadType !== undefined ? [call.keysPayloadType] : [])];
  const ipVer = local.host.includes(':') ? 6 : 4;
  return write({
    version: 0,
    origin: { username: 'moot', sessionId, sessionVersion: 1, netType: 'IN', ipVer, address: local.host },
    name: 'moot',
    connection: { version: ipVer, ip: local.host },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: local.port,
        protocol: 'RTP/AVP',
        payloads: payloads.join(' '),
        rtp: [
          { payload: call.payloadType, codec: call.codec.toUpperCase(), rate: 8000 },
          ...(call.keysPayloadType !== undefined ? [{ payload: call.keysPayloadType, codec: 'telephone-event', rate: 8000 }] : []),
        ],
        fmtp: call.keysPayloadType !== undefined ? [{ payload: call.keysPayloadType, config: '0-15' }] : [],
        ptime: 20,
        direction: 'sendrecv',
      },
    ],
  });
}
