/** What an import reads from a Greenlight database, the same for Greenlight 2 and 3. */

export type GreenlightVersion = 2 | 3;

export interface GreenlightUser {
  id: string;
  email: string | null;
  name: string;
  /** The bcrypt digest of local accounts; null for accounts that signed in elsewhere (OpenID, LDAP, Google). */
  passwordDigest: string | null;
  admin: boolean;
  /** Pending, denied or banned accounts come over suspended. */
  active: boolean;
  /** Deleted in Greenlight (Greenlight 2 keeps such rows): not imported. */
  deleted: boolean;
  createdAt: string;
}

/** A room's own settings, as Greenlight stored them. */
export interface GreenlightRoomOptions {
  muteOnStart: boolean;
  requireApproval: boolean;
  anyoneCanStart: boolean;
  allJoinAsModerator: boolean;
  requireSignIn: boolean;
  viewerCode: string | null;
  moderatorCode: string | null;
  /** Whether meetings may be recorded; null when the room says nothing. */
  record: boolean | null;
}

export interface GreenlightRoom {
  id: string;
  ownerId: string;
  name: string;
  /** Its address in Greenlight: /b/<uid> or /rooms/<friendly_id>. */
  path: string;
  /** The BigBlueButton meeting id its meetings ran under, which its recordings carry. */
  meetingId: string | null;
  deleted: boolean;
  createdAt: string;
  options: GreenlightRoomOptions;
}

export interface GreenlightShare {
  id: string;
  roomId: string;
  userId: string;
}

export interface GreenlightData {
  version: GreenlightVersion;
  users: GreenlightUser[];
  rooms: GreenlightRoom[];
  shares: GreenlightShare[];
}
