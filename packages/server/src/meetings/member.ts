import type { MeetingRole, ServerMessage, TileRequest } from '@moot/protocol';

/**
 * Where a member's meeting events go. A browser's signaling connection is one such link; a
 * phone gateway or a stream ingest is another. A link that cannot show a message ignores it.
 */
export interface MemberLink {
  send(message: ServerMessage): void;
}

/**
 * How a member reaches the media server: a browser over WebRTC, a gateway over plain RTP, or a
 * browser without WebRTC that only listens (the mix over HTTP, see listen/) and chats.
 */
export type MemberKind = 'browser' | 'rtp' | 'listener';

/** Who asks to enter a meeting, after the room's access rules said yes. */
export interface Entrant {
  name: string;
  role: MeetingRole;
  /** The account behind a member; undefined for guests. */
  userId: string | undefined;
  /** What tells a removed guest apart when they come back (see `guestKey` in http/auth.ts). */
  guestKey: string;
  /** The id an outside system knows this person by (a BigBlueButton join's userID). */
  externalUserId?: string;
  kind: MemberKind;
  /**
   * Only a moderator's admission lets this person in, whatever the room's lobby says: a phone
   * caller to a room (or server) closed to guests, who has its PIN but nothing else.
   */
  needsAdmission?: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
  link: MemberLink;
}

/** What a member's screen shows; the media plan subscribes it to exactly these feeds. */
export interface ViewRequest {
  tiles: TileRequest[];
  audioOnly: boolean;
}
