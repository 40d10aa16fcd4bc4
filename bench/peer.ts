import { RTCPeerConnection, useAudioLevelIndication, useOPUS, useVP8 } from 'werift';

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
    // The mixer reads speech levels from this extension for its talking events.
    headerExtensions: { audio: [useAudioLevelIndication()], video: [] },
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
 * Declares SSRC simulcast (a=ssrc-group:SIM, smallest layer first) in a sending video offer:
 * werift sends a single encoding itself, so the layers' packets go out directly on the
 * transport under these SSRCs and Janus treats them as substreams 0, 1, 2.
 */
export function withSimulcast(sdp: string, ssrcs: number[], cname: string): string {
  const lines = sdp.split('\r\n').filter((line) => !line.startsWith('a=ssrc:') && !line.startsWith('a=ssrc-group:'));
  const video = lines.findIndex((line) => line.startsWith('m=video'));
  if (video < 0) throw new Error('no video section to simulcast');
  const next = lines.findIndex((line, i) => i > video && (line.startsWith('m=') || line === ''));
  const end = next < 0 ? lines.length : next;
  const added = [`a=ssrc-group:SIM ${ssrcs.join(' ')}`, ...ssrcs.map((ssrc) => `a=ssrc:${ssrc} cname:${cname}`)];
  lines.splice(end, 0, ...added);
  return lines.join('\r\n');
}
