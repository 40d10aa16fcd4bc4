import type { MeetingRole, ParticipantView } from '@moot/protocol';
import { randomId, randomSecret } from '../ids.ts';
import type { Entrant, MemberKind, MemberLink } from './member.ts';

/** One member of a meeting as everyone else sees them. Media lives in the meeting's media plan. */
export class Participant {
  readonly id = randomId();
  readonly resumeToken = randomSecret();
  /** A moderator may name a phone caller, who has only a masked number. */
  name: string;
  readonly kind: MemberKind;
  /** The account behind a member; undefined for guests. */
  readonly userId: string | undefined;
  readonly guestKey: string;
  readonly externalUserId: string | undefined;
  role: MeetingRole;
  /** Moderates because the room says so (owner or standing moderator), not by a promotion here. */
  standingModerator: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
  screenSharing = false;
  speaking = false;
  lastSpokeAt: string | null = null;
  handRaisedAt: string | null = null;
  quality: ParticipantView['quality'] = 'good';
  /** A moderator let this person show slides. */
  presenter = false;
  /** Watches the program instead of taking a seat (audience/); moderators move people in and out. */
  audience = false;
  /** Undefined while the member's connection is down (they may come back). */
  link: MemberLink | undefined;

  constructor(entrant: Entrant) {
    this.name = entrant.name;
    this.kind = entrant.kind;
    this.role = entrant.role;
    this.standingModerator = entrant.role === 'moderator';
    this.userId = entrant.userId;
    this.guestKey = entrant.guestKey;
    this.externalUserId = entrant.externalUserId;
    this.audioMuted = entrant.audioMuted;
    this.videoMuted = entrant.videoMuted;
    this.link = entrant.link;
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  toView(): ParticipantView {
    return {
      id: this.id,
      name: this.name,
      role: this.role,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
      screenSharing: this.screenSharing,
      speaking: this.speaking,
      connected: this.connected,
      lastSpokeAt: this.lastSpokeAt,
      handRaisedAt: this.handRaisedAt,
      quality: this.quality,
      phone: this.kind === 'rtp',
      presenter: this.presenter,
      ...(this.kind === 'listener' ? { listening: true } : {}),
      ...(this.audience ? { audience: true } : {}),
    };
  }

  send(message: Parameters<MemberLink['send']>[0]): void {
    this.link?.send(message);
  }
}
