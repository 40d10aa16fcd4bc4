import { z } from 'zod';
import { AccessCode, DisplayName } from './common.ts';
import type { ErrorCode } from './errors.ts';

/**
 * The signaling protocol on the WebSocket at `/ws`. The browser never speaks Janus's API:
 * it sends SDP and candidates here, and the server relays them after its own checks.
 *
 * Media layout per participant: one sending PeerConnection per source ("camera" carries the
 * microphone and the camera, "screen" the screen share) and one receiving PeerConnection
 * ("subscriber") that the server renegotiates as people come and go.
 */

/** Largest signaling message the server reads, in bytes; larger ones get `message-too-large`. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_CHAT_LENGTH = 2000;

export const Source = z.enum(['camera', 'screen']);
export type Source = z.infer<typeof Source>;
export const PcTarget = z.enum(['camera', 'screen', 'subscriber']);
export type PcTarget = z.infer<typeof PcTarget>;

const Sdp = z.string().min(10).max(60_000);
const Candidate = z.strictObject({
  candidate: z.string().max(1000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1000).nullable().optional(),
});

export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('join'),
    room: z.string().min(1).max(64),
    /** Required for guests, ignored for members (they enter under their account's name). */
    name: DisplayName.optional(),
    accessCode: AccessCode.optional(),
    audioMuted: z.boolean().default(false),
    videoMuted: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('resume'), token: z.string().min(16).max(100) }),
  /** An SDP offer for a sending PeerConnection: first publish, renegotiation or ICE restart. */
  z.strictObject({ type: z.literal('publish'), source: Source, sdp: Sdp }),
  z.strictObject({ type: z.literal('unpublish'), source: Source }),
  /** The answer to the server's latest `offer` for the receiving PeerConnection. */
  z.strictObject({ type: z.literal('answer'), sdp: Sdp }),
  /** A local ICE candidate; null when gathering is complete. */
  z.strictObject({ type: z.literal('trickle'), target: PcTarget, candidate: Candidate.nullable() }),
  /** Ask for a fresh offer with new ICE credentials for the receiving PeerConnection. */
  z.strictObject({ type: z.literal('restartIce') }),
  z.strictObject({ type: z.literal('mute'), kind: z.enum(['audio', 'video']), muted: z.boolean() }),
  z.strictObject({ type: z.literal('chat'), text: z.string().trim().min(1).max(MAX_CHAT_LENGTH) }),
  z.strictObject({ type: z.literal('leave') }),
  z.strictObject({ type: z.literal('endMeeting') }),
]);
export type ClientMessage = z.input<typeof ClientMessage>;
export type ParsedClientMessage = z.output<typeof ClientMessage>;

export type MeetingRole = 'moderator' | 'participant' | 'guest';

export interface ParticipantView {
  id: string;
  name: string;
  role: MeetingRole;
  audioMuted: boolean;
  videoMuted: boolean;
  screenSharing: boolean;
  speaking: boolean;
  /** False while this person's signaling connection is down (they may come back). */
  connected: boolean;
}

export interface ChatMessageView {
  id: string;
  from: { id: string; name: string };
  text: string;
  /** ISO 8601 time the server received it. */
  at: string;
}

/** Which remote track a transceiver mid of the receiving PeerConnection carries. */
export interface StreamView {
  mid: string;
  participantId: string;
  source: Source;
  kind: 'audio' | 'video';
}

export interface IceServerView {
  urls: string[];
  username?: string;
  credential?: string;
}

export type MeetingEndReason = 'ended-by-moderator' | 'removed' | 'room-deleted';

export type ServerMessage =
  | {
      type: 'joined';
      /** True when this continues an earlier connection (after `resume`). */
      resumed: boolean;
      self: ParticipantView;
      /** Everyone in the meeting, yourself first. */
      participants: ParticipantView[];
      chat: ChatMessageView[];
      /** Send it in `resume` after a dropped connection to keep your place. */
      resumeToken: string;
      meeting: { roomId: string; roomName: string; startedAt: string };
      iceServers: IceServerView[];
    }
  | { type: 'answer'; source: Source; sdp: string }
  | { type: 'offer'; sdp: string; streams: StreamView[] }
  | { type: 'participantJoined'; participant: ParticipantView }
  | { type: 'participantUpdated'; participant: ParticipantView }
  | { type: 'participantLeft'; id: string }
  | { type: 'chat'; message: ChatMessageView }
  | { type: 'meetingEnded'; reason: MeetingEndReason; by?: string }
  /** The media server restarted: drop every PeerConnection and publish again (no new join). */
  | { type: 'mediaReset' }
  | { type: 'error'; code: ErrorCode; message: string; details?: string[]; ref?: string };

export type ServerMessageType = ServerMessage['type'];
