/**
 * The browser's answer to the media server's offer, changed to take the DTLS server's side
 * (`a=setup:passive` where the browser chose `active`).
 *
 * As the DTLS client the browser sends its first handshake packet the moment its own
 * connectivity check succeeds. The media server, which made the offer, usually has not yet
 * received the answer through signaling nor finished its own checks: the packet is lost and
 * the browser's retransmission costs 100–300 ms of every join. As the DTLS server the browser
 * waits for the media server's handshake, which starts once the media server is ready.
 */
export function answerAsDtlsServer(sdp: string): string {
  return sdp.replace(/^a=setup:active(?=\r?$)/gm, 'a=setup:passive');
}
