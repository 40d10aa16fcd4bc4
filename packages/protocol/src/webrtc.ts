import { z } from 'zod';

/** An SDP offer or answer as the signaling carries it. */
export const Sdp = z.string().min(10).max(60_000);

/** A local ICE candidate, as RTCIceCandidate.toJSON() gives it. */
export const Candidate = z.strictObject({
  candidate: z.string().max(1000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1000).nullable().optional(),
  // RTCIceCandidate.toJSON() includes it; Janus does not need it.
  usernameFragment: z.string().max(256).nullable().optional(),
});
