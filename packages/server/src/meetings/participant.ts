import type { MeetingRole, ParticipantView, ServerMessage, VideoSource } from '@moot/protocol';
import { randomId, randomSecret } from '../ids.ts';
import type { MixerSeat } from './mixer-seat.ts';
import type { Publisher } from './publisher.ts';
import type { Subscription } from './subscription.ts';
import type { Meeting } from './meeting.ts';

/** The signaling connection a participant is reached through. */
export interface Peer {
  send(message: ServerMessage): void;
  /** Called when a person waiting in the lobby is let in. */
  entered(meeting: Meeting, participant: Participant): void;
}

/** A video tile the browser shows: whose, which source, and how tall. */
export interface TileRequest {
  participantId: string;
  source: VideoSource;
  height: number;
}

export class Participant {
  readonly id = randomId();
  readonly resumeToken = randomSecret();
  audioMuted: boolean;
  videoMuted: boolean;
  speaking = false;
  lastSpokeAt: string | null = null;
  handRaisedAt: string | null = null;
  quality: ParticipantView['quality'] = 'good';
  peer: Peer | undefined;
  seat: MixerSeat | undefined;
  publishers = new Map<VideoSource, Publisher>();
  subscription: Subscription | undefined;
  /** What the browser shows; undefined until it says (then it gets a default page). */
  view: { tiles: TileRequest[]; audioOnly: boolean } | undefined;
  /** Runs out when a dropped connection has not come back in time. */
  graceTimer: NodeJS.Timeout | undefined;

  readonly name: string;
  role: MeetingRole;
  /** The account behind a member; undefined for guests. */
  readonly userId: string | undefined;
  /** What tells a removed guest apart when they come back (see `guestKey` in http/auth.ts). */
  readonly guestKey: string;

  constructor(init: { name: string; role: MeetingRole; userId: string | undefined; guestKey: string; audioMuted: boolean; videoMuted: boolean; peer: Peer }) {
    this.name = init.name;
    this.role = init.role;
    this.userId = init.userId;
    this.guestKey = init.guestKey;
    this.audioMuted = init.audioMuted;
    this.videoMuted = init.videoMuted;
    this.peer = init.peer;
  }

  get connected(): boolean {
    return this.peer !== undefined;
  }

  toView(): ParticipantView {
    return {
      id: this.id,
      name: this.name,
      role: this.role,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
      screenSharing: this.publishers.has('screen'),
      speaking: this.speaking,
      connected: this.connected,
      lastSpokeAt: this.lastSpokeAt,
      handRaisedAt: this.handRaisedAt,
      quality: this.quality,
    };
  }

  send(message: ServerMessage): void {
    this.peer?.send(message);
  }
}
