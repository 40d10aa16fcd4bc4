import type { MeetingRole, ParticipantView, ServerMessage, Source } from '@moot/protocol';
import { randomId, randomSecret } from '../ids.ts';
import type { Publisher } from './publisher.ts';
import type { Subscription } from './subscription.ts';

/** The signaling connection a participant is reached through. */
export interface Peer {
  send(message: ServerMessage): void;
}

export class Participant {
  readonly id = randomId();
  readonly resumeToken = randomSecret();
  audioMuted: boolean;
  videoMuted: boolean;
  speaking = false;
  peer: Peer | undefined;
  publishers = new Map<Source, Publisher>();
  subscription: Subscription | undefined;
  /** Runs out when a dropped connection has not come back in time. */
  graceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    public role: MeetingRole,
    readonly userId: string | undefined,
    muted: { audio: boolean; video: boolean },
    peer: Peer,
  ) {
    this.audioMuted = muted.audio;
    this.videoMuted = muted.video;
    this.peer = peer;
  }

  get connected(): boolean {
    return this.peer !== undefined;
  }

  view(): ParticipantView {
    return {
      id: this.id,
      name: this.name,
      role: this.role,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
      screenSharing: this.publishers.has('screen'),
      speaking: this.speaking,
      connected: this.connected,
    };
  }

  send(message: ServerMessage): void {
    this.peer?.send(message);
  }
}
