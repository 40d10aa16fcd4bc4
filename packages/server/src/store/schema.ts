import type { Generated } from 'kysely';

/** Table types. Times are ISO 8601 strings so SQLite and PostgreSQL store them alike. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  password_hash: string | null;
  status: 'active' | 'suspended';
  created_at: string;
  last_login_at: string | null;
  password_changed_at: string | null;
  /** The person's uid in the directory, for accounts provisioned from LDAP. */
  ldap_uid: string | null;
  ldap_dn: string | null;
  suspended_by: 'ldap' | 'admin' | null;
  suspended_at: string | null;
}

export interface SessionsTable {
  /** Hash of the cookie's token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** When the person last typed their password in this session (sign-in or confirmation). */
  confirmed_at: string | null;
}

export interface PasswordResetsTable {
  /** Hash of the link's token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RoomsTable {
  id: string;
  owner_id: string;
  name: string;
  guests: 'off' | 'link' | 'code';
  access_code: string | null;
  max_participants: number;
  /** Who waits for a moderator's admission: nobody, guests, or everyone but moderators. */
  lobby: 'off' | 'guests' | 'everyone';
  /** People joining a meeting of more than this many enter with the microphone muted. */
  join_muted_above: number;
  /** 1: people join the meeting's audience (they watch the program, no seat); moderators always take a seat. */
  join_as_audience: number;
  /** What a phone caller types to reach this room's meeting; unique, digits only. */
  dial_in_pin: string;
  created_at: string;
  /** Set on every room; nullable in the table only because SQLite adds such a column so. */
  organization_id: string;
}

/** Accounts that moderate a room's meetings beside its owner. */
export interface RoomModeratorsTable {
  room_id: string;
  user_id: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  origin: string | null;
  details: string | null;
}

/** A record brought in by an import, keyed by its id in the system it came from. */
export interface ImportedTable {
  /** The system and its version, e.g. 'greenlight3'. */
  source: string;
  /** 'meeting': a BigBlueButton meetingID and the room it became; 'recording': a BigBlueButton recordID. */
  kind: 'user' | 'room' | 'moderator' | 'meeting' | 'recording';
  source_id: string;
  /** The moot account or room it became (for a moderator: the room). */
  target_id: string;
  imported_at: string;
}

/** An imported room's address in the old system, e.g. /b/abc-def-ghi. */
export interface LegacyPathsTable {
  path: string;
  room_id: string;
  created_at: string;
}

/** A closed poll of a meeting; options, counts and names are JSON arrays. */
export interface PollResultsTable {
  id: string;
  room_id: string;
  meeting_started_at: string;
  question: string;
  kind: string;
  options: string;
  anonymous: number;
  published: number;
  counts: string;
  voters: number;
  /** Who chose each option; null for anonymous polls. */
  names: string | null;
  closed_at: string;
}

/** A room's shared document (whiteboard, notes) as its last meeting left it. */
export interface RoomDocumentsTable {
  room_id: string;
  name: 'board' | 'notes';
  /** The Yjs document state (`Y.encodeStateAsUpdate`), base64. */
  state: string;
  /** The notes as plain text; null for the whiteboard. */
  text: string | null;
  updated_at: string;
}

/** An identity provider's person linked to a moot account. */
export interface SsoIdentitiesTable {
  /** The OpenID issuer or the SAML IdP's entity id. */
  issuer: string;
  /** The OpenID `sub` or the persistent SAML NameID. */
  subject: string;
  provider: string;
  user_id: string;
  created_at: string;
  last_sign_in_at: string;
  /** Migration 0021: the organization whose provider linked it; null for the configuration's providers. */
  organization_id: string | null;
}

/** A moot session opened through an identity provider, and that provider's own session. */
export interface SsoSessionsTable {
  session_id: string;
  provider: string;
  issuer: string;
  subject: string;
  /** OpenID `sid` or SAML SessionIndex: what the provider's logout messages name. */
  provider_session: string | null;
  /** JSON: what signing out at the provider needs (the ID token as a hint, the SAML NameID). */
  logout_hint: string | null;
}

/** A sign-in under way; `id` is the hash of its state or the SAML request id. */
export interface SsoRequestsTable {
  id: string;
  provider: string;
  /** JSON, see sso/requests.ts. */
  data: string;
  expires_at: string;
}

/** Hashes of assertion ids and logout token ids already used. */
export interface SsoUsedTokensTable {
  id: string;
  expires_at: string;
}

/** A room's livestream destination; `sealed_key` is the stream key sealed by livestream/keys.ts. */
export interface LivestreamDestinationsTable {
  id: string;
  room_id: string;
  position: number;
  name: string;
  url: string;
  sealed_key: string;
  created_at: string;
}

/** A Janus node: drained by the CLI (`draining` 0 or 1), its state and load as the server last reported them. */
export interface JanusNodesTable {
  url: string;
  draining: Generated<number>;
  state: 'up' | 'down' | 'draining' | null;
  meetings: Generated<number>;
  participants: Generated<number>;
  reported_at: string | null;
}

/** A room's HLS setting; `link_key` is in the link of `access` 'link' and is replaced to revoke it. */
export interface LivestreamHlsTable {
  room_id: string;
  access: string;
  link_key: string;
}

/** An organization hosted here; quotas are null when unlimited. `operator` 1: the operator's own. */
export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  domain: string | null;
  operator: Generated<number>;
  max_rooms: number | null;
  max_participants: number | null;
  max_recording_bytes: number | null;
  suspended: Generated<number>;
  created_at: string;
}

export interface OrganizationMembersTable {
  organization_id: string;
  user_id: string;
  /** 1: administers this organization. */
  org_admin: number;
  created_at: string;
  /** Migration 0023: the person's uid and DN in the organization's own directory (not the operator's: users.ldap_uid). */
  ldap_uid: string | null;
  ldap_dn: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  rooms: RoomsTable;
  room_moderators: RoomModeratorsTable;
  settings: SettingsTable;
  audit_log: AuditTable;
  password_resets: PasswordResetsTable;
  imported: ImportedTable;
  legacy_paths: LegacyPathsTable;
  poll_results: PollResultsTable;
  room_documents: RoomDocumentsTable;
  livestream_destinations: LivestreamDestinationsTable;
  livestream_hls: LivestreamHlsTable;
  sso_identities: SsoIdentitiesTable;
  sso_sessions: SsoSessionsTable;
  sso_requests: SsoRequestsTable;
  sso_used_tokens: SsoUsedTokensTable;
  janus_nodes: JanusNodesTable;
  organizations: OrganizationsTable;
  organization_members: OrganizationMembersTable;
}
