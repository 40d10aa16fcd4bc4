import { z } from 'zod';
import { Candidate, Sdp } from './webrtc.ts';
import { AccessCode, DisplayName } from './common.ts';
import type { ErrorCode } from './errors.ts';
import { MAX_CHAT_LENGTH, MAX_TILES } from './limits.ts';
import { PROTOCOL_VERSION } from './version.ts';
import { pollClientMessages, type PollServerMessage } from './polls.ts';
import { breakoutClientMessages, type BreakoutServerMessage } from './breakouts.ts';
import { SlidesClientMessage, type SlidesServerMessage } from './slides.ts';
import { CollabAccessMessage, CollabCursorMessage, CollabSyncMessage, CollabUpdateMessage, type CollabServerMessage } from './collab.ts';
import { livestreamClientMessages, type LivestreamServerMessage } from './livestream.ts';
import { listenClientMessages, type ListenServerMessage } from './listen.ts';
import { audienceClientMessages, type AudienceServerMessage } from './audience.ts';
import { stageClientMessages, type StageServerMessage } from './stage.ts';

/**
 * The signaling protocol on the WebSocket at `/ws`. The browser never speaks Janus's API:
 * it sends SDP and candidates here, and the server relays them after its own checks.
 *
 * Media layout per participant:
 * - "audio": one PeerConnection to the audio mixer (Janus AudioBridge) that sends the microphone
 *   and receives a single mix of everyone else, whatever the meeting's size;
 * - "camera" and "screen": one sending PeerConnection each (video only; the camera with three
 *   simulcast layers);
 * - "subscriber": one receiving PeerConnection for the video tiles on screen, renegotiated by
 *   the server as the `view` changes and people come and go.
 */


/** What a sending PeerConnection carries. */
export const Source = z.enum(['audio', 'camera', 'screen']);
export type Source = z.infer<typeof Source>;
/** The sources that appear as video tiles. */
export type VideoSource = Exclude<Source, 'audio'>;
export const PcTarget = z.enum(['audio', 'camera', 'screen', 'subscriber']);
export type PcTarget = z.infer<typeof PcTarget>;

export const ModerationAction = z.enum(['mute', 'askUnmute', 'stopVideo', 'remove', 'promote', 'demote', 'lowerHand']);
export type ModerationAction = z.infer<typeof ModerationAction>;


/**
 * The protocol version the browser speaks, sent with `join` and `resume`. Optional here only so
 * that a page from before versioning is answered with `unsupported-version`, not `invalid-message`:
 * the server refuses a missing or different version before reading the rest of the message.
 */
const Version = z.literal(PROTOCOL_VERSION).optional();

/** A video tile a browser shows: whose, which source, and how tall in CSS pixels. */
export const TileRequest = z.strictObject({
  participantId: z.string().max(32),
  source: z.enum(['camera', 'screen']),
  height: z.number().int().min(0).max(4320),
});
export type TileRequest = z.infer<typeof TileRequest>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('join'),
    version: Version,
    room: z.string().min(1).max(64),
    /** Required for guests, ignored for members (they enter under their account's name). */
    name: DisplayName.optional(),
    accessCode: AccessCode.optional(),
    /** A one-time entry from a BigBlueButton API join URL: it says who enters, and as what. */
    ticket: z.string().min(16).max(100).optional(),
    audioMuted: z.boolean().default(false),
    videoMuted: z.boolean().default(false),
    /** Enter without WebRTC: no seat in the mix, the mix as an HTTP stream instead (listen.ts). */
    listenOnly: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('resume'), version: Version, token: z.string().min(16).max(100) }),
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
  /** Moderators start (true) or stop (false) recording the meeting. */
  z.strictObject({ type: z.literal('record'), active: z.boolean() }),
  /**
   * The video tiles this browser shows now (a page of 9, 16 or 25, speakers first) and their
   * height in CSS pixels: the server receives only these for it and picks each one's simulcast
   * layer from the height. `audioOnly` drops all video for weak links.
   */
  z.strictObject({
    type: z.literal('view'),
    tiles: z.array(TileRequest).max(MAX_TILES),
    audioOnly: z.boolean().default(false),
  }),
  /** This browser's own view of its connection, shown to everyone next to its name. */
  z.strictObject({ type: z.literal('quality'), level: z.enum(['good', 'fair', 'poor']) }),
  z.strictObject({ type: z.literal('hand'), raised: z.boolean() }),
  /** Moderators only. Nobody can be unmuted by force: `askUnmute` only asks. */
  z.strictObject({ type: z.literal('moderate'), action: ModerationAction, target: z.string().max(32) }),
  z.strictObject({ type: z.literal('muteAll') }),
  /** A moderator names a phone caller (callers have only a masked number). */
  z.strictObject({ type: z.literal('renameCaller'), target: z.string().max(32), name: DisplayName }),
  z.strictObject({ type: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ type: z.literal('admit'), id: z.string().max(32) }),
  z.strictObject({ type: z.literal('deny'), id: z.string().max(32) }),
  ...pollClientMessages,
  ...breakoutClientMessages,
  ...SlidesClientMessage,
  CollabSyncMessage,
  CollabUpdateMessage,
  CollabCursorMessage,
  CollabAccessMessage,
  ...livestreamClientMessages,
  ...listenClientMessages,
  ...audienceClientMessages,
  ...stageClientMessages,
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
  /** When this person last started talking (ISO 8601), for speaker-first ordering. */
  lastSpokeAt: string | null;
  /** When the hand went up; the queue is the raised hands in this order. */
  handRaisedAt: string | null;
  /** The connection quality this person's browser reports. */
  quality: 'good' | 'fair' | 'poor';
  /** A caller on the phone (audio only, moderated like everyone). */
  phone: boolean;
  /** May show slides (moderators always may). */
  presenter: boolean;
  /** Listens to the meeting's stream and chats; sends no sound or picture (listen.ts). */
  listening?: boolean;
  /** In the audience: watches and listens to the program, has no seat in the mix (audience.ts). */
  audience?: boolean;
}

export interface LobbyEntryView {
  id: string;
  name: string;
  guest: boolean;
  since: string;
}

/** The simulcast layer the server chose for one tile, and why it is not the top one. */
export interface VideoLayerView {
  participantId: string;
  layer: 'low' | 'medium' | 'high';
  reason: 'tile-size' | 'bandwidth' | null;
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
  source: VideoSource;
  kind: 'video';
}

export interface IceServerView {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * `signed-out`: the member's session ended (signed out everywhere, new password, suspended).
 * `organization-suspended`: the server's operator suspended the room's organization.
 */
export type MeetingEndReason = 'ended-by-moderator' | 'removed' | 'room-deleted' | 'signed-out' | 'organization-suspended';

export type ServerMessage =
  | PollServerMessage
  | BreakoutServerMessage
  | SlidesServerMessage
  | CollabServerMessage
  | LivestreamServerMessage
  | ListenServerMessage
  | AudienceServerMessage
  | StageServerMessage
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
      meeting: { roomId: string; roomName: string; startedAt: string; locked: boolean };
      iceServers: IceServerView[];
      /** True while the meeting is being recorded: the person is told on entry. */
      recording: boolean;
      /** Who started the recording running now, for the notice a late joiner reads. */
      recordingBy?: string;
    }
  /** Fresh credentials for the TURN relay, before those of `joined` (or of the last `iceServers`) expire. */
  | { type: 'iceServers'; iceServers: IceServerView[] }
  /** Sent instead of `joined` while a moderator decides; `joined` or a `lobby-denied` error follow. */
  | { type: 'waiting'; roomName: string }
  /** To moderators: who waits in the lobby, in arrival order. */
  | { type: 'lobby'; waiting: LobbyEntryView[] }
  | { type: 'locked'; locked: boolean; by: string }
  /** A moderator muted you (or everyone); unmuting stays your choice. */
  | { type: 'mutedBy'; by: string; kind: 'audio' | 'video' }
  | { type: 'askUnmute'; by: string }
  | { type: 'videoLayers'; layers: VideoLayerView[] }
  | { type: 'answer'; source: Source; sdp: string }
  | { type: 'offer'; sdp: string; streams: StreamView[] }
  | { type: 'participantJoined'; participant: ParticipantView }
  | { type: 'participantUpdated'; participant: ParticipantView }
  | { type: 'participantLeft'; id: string }
  | { type: 'chat'; message: ChatMessageView }
  | { type: 'meetingEnded'; reason: MeetingEndReason; by?: string }
  /** The media server restarted: drop every PeerConnection and publish again (no new join). */
  | { type: 'mediaReset' }
  /** Recording starts (sent before the first byte is recorded) or stops. */
  | { type: 'recording'; active: boolean; by?: string }
  | {
      type: 'error';
      code: ErrorCode;
      message: string;
      details?: string[];
      /** The `type` of the client message this answers, when it answers one. */
      ref?: string;
      /** This page is out of date (another protocol version): offer the person a reload. */
      reload?: true;
    };

export type ServerMessageType = ServerMessage['type'];
