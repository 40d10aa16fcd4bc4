import { RTCPeerConnection, useAudioLevelIndication, useOPUS, useSdesMid, useSdesRTPStreamId, useVP8 } from 'werift';

const LOOPBACK = '127.0.0.1';

/**
 * A werift PeerConnection that keeps all media on loopback, as the test suite's Janus does
 * (it gathers on `lo` only): loopback is added as a host address and pairs elsewhere are refused.
 */
export function loopbackPeer(): RTCPeerConnection {
  return new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [LOOPBACK],
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === LOOPBACK && pair.remoteCandidate.host === LOOPBACK,
    codecs: { audio: [useOPUS()], video: [useVP8()] },
    // The mixer reads speech levels from this extension for its talking events; Janus tells
    // simulcast layers apart by their mid and rid, as browsers send them.
    headerExtensions: { audio: [useAudioLevelIndication()], video: [useSdesMid(), useSdesRTPStreamId()] },
  });
}

/** Resolves once the PeerConnection has gathered all its candidates (so its SDP carries them). */
export function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      unSubscribe();
      resolve();
    });
  });
}

/** The local SDP with only loopback candidates, so Janus never tries another interface. */
export function loopbackSdp(pc: RTCPeerConnection): string {
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description');
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[4] === LOOPBACK)
    .join('\r\n');
}

/**
 * Declares rid simulcast in a sending video offer, as a browser does (a=rid and a=simulcast,
 * rids highest layer first): werift sends a single encoding itself, so the layers' packets go
 * out directly on the transport, each under its own SSRC and carrying mid and rid in RTP
 * header extensions, from which Janus learns which SSRC is which layer. werift's own SSRC
 * lines go, as a browser sending simulcast by rid has none.
 */
export function withSimulcast(sdp: string, ridsHighestFirst: string[]): string {
  const lines = sdp.split('\r\n').filter((line) => !line.startsWith('a=ssrc:') && !line.startsWith('a=ssrc-group:'));
  const video = lines.findIndex((line) => line.startsWith('m=video'));
  if (video < 0) throw new Error('no video section to simulcast');
  const next = lines.findIndex((line, i) => i > video && (line.startsWith('m=') || line === ''));
  const end = next < 0 ? lines.length : next;
  lines.splice(end, 0, ...ridsHighestFirst.map((rid) => `a=rid:${rid} send`), `a=simulcast:send ${ridsHighestFirst.join(';')}`);
  return lines.join('\r\n');
}
