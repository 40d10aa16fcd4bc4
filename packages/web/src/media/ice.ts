import type { PcTarget } from '@moot/protocol';
import type { ClientMessage } from '@moot/protocol';
import { relayOnly } from './preferences.ts';

/** How long a connection may stay "disconnected" before it is restarted rather than left to heal. */
const DISCONNECTED_GRACE_MS = 3000;

/** Calls `restart` when ICE fails, or stays disconnected for longer than a short grace period. */
function watchIce(pc: RTCPeerConnection, restart: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onChange = () => {
    clearTimeout(timer);
    if (pc.iceConnectionState === 'failed') restart();
    else if (pc.iceConnectionState === 'disconnected') {
      timer = setTimeout(() => {
        if (pc.iceConnectionState === 'disconnected') restart();
      }, DISCONNECTED_GRACE_MS);
    }
  };
  pc.addEventListener('iceconnectionstatechange', onChange);
  return () => {
    clearTimeout(timer);
    pc.removeEventListener('iceconnectionstatechange', onChange);
  };
}

/** Sends local candidates as `trickle` messages, with the three fields Janus uses. */
function trickleCandidates(pc: RTCPeerConnection, target: PcTarget, send: (message: ClientMessage) => void): void {
  pc.onicecandidate = (event) => {
    const c = event.candidate;
    send({
      type: 'trickle',
      target,
      candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null,
    });
  };
}

export function toRtcIceServers(servers: { urls: string[]; username?: string; credential?: string }[]): RTCIceServer[] {
  return servers.map((server) => ({
    urls: server.urls,
    ...(server.username === undefined ? {} : { username: server.username }),
    ...(server.credential === undefined ? {} : { credential: server.credential }),
  }));
}

/** The servers to gather with, and only relayed candidates when the person asked for relay only. */
export function rtcConfiguration(iceServers: RTCIceServer[]): RTCConfiguration {
  return { iceServers, iceTransportPolicy: relayOnly() ? 'relay' : 'all' };
}

/**
 * A PeerConnection wired to signaling: it trickles its candidates as `target`, restarts ICE
 * when the connection fails, and closes without firing its handlers again.
 */
export function signaledConnection(
  iceServers: RTCIceServer[],
  target: PcTarget,
  send: (message: ClientMessage) => void,
  restart: () => void,
): { pc: RTCPeerConnection; close: () => void } {
  const pc = new RTCPeerConnection(rtcConfiguration(iceServers));
  trickleCandidates(pc, target, send);
  const stopWatching = watchIce(pc, restart);
  return {
    pc,
    close: () => {
      stopWatching();
      pc.ontrack = null;
      pc.onicecandidate = null;
      pc.close();
    },
  };
}
