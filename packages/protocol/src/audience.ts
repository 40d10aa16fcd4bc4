import { z } from 'zod';
import { Candidate, Sdp } from './webrtc.ts';

/**
 * The audience of a big meeting: people who watch and listen without a seat in the mixer. The
 * meeting's program (the mix, and the shared screen or the talking person's camera) is one
 * broadcast on the media server, and each person in the audience receives it over one
 * receive-only PeerConnection, so a listener costs the media server forwarding, not mixing.
 * They are in the participant list, chat, raise their hand and react like everyone.
 *
 * The program PeerConnection is offered by the server: the page sends `programWatch`, answers
 * the `programOffer` with `programAnswer`, and trickles its candidates with `programTrickle`.
 * A page that loses the connection asks again with `programWatch` (a new offer replaces the old).
 *
 * `audienceMoved` tells a page that its person moved between the audience and a seat (a
 * moderator's decision): like `breakoutMoved`, it drops its PeerConnections and starts again on
 * the same socket, publishing its microphone and camera (seated) or watching the program (audience).
 */


/** Asks for an offer of the program (the first one, or a fresh one after a failed connection). */
export const ProgramWatch = z.strictObject({ type: z.literal('programWatch') });
/** The page's answer to the latest `programOffer`. */
export const ProgramAnswer = z.strictObject({ type: z.literal('programAnswer'), sdp: Sdp });
/** A local ICE candidate of the program PeerConnection; null when gathering is complete. */
export const ProgramTrickle = z.strictObject({ type: z.literal('programTrickle'), candidate: Candidate.nullable() });

export const audienceClientMessages = [ProgramWatch, ProgramAnswer, ProgramTrickle] as const;

export type AudienceServerMessage =
  /** The media server's offer: receive-only, one audio and one video track. */
  | { type: 'programOffer'; sdp: string }
  /** You moved into the audience (true) or took a seat (false): drop every PeerConnection and start again. */
  | { type: 'audienceMoved'; audience: boolean };
