/**
 * Whether this browser can take part in a call: it needs WebRTC and access to devices. Tor
 * Browser turns both off (`media.peerconnection.enabled`, `media.navigator.enabled`); such a
 * browser is offered "Listen and chat" instead.
 */
export function canCall(): boolean {
  return typeof RTCPeerConnection === 'function' && navigator.mediaDevices !== undefined;
}
