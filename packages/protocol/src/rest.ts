import { z } from 'zod';
import { AccessCode, DisplayName, Email, GuestPolicy, LobbyPolicy, Password, RoomId, ServerRole } from './common.ts';
import type { PollResultView } from './polls.ts';

/** REST bodies (requests) and the shapes of answers. Paths are listed in routes.ts. */

export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export const SetupBody = z.strictObject({ token: z.string().min(16).max(200), email: Email, name: DisplayName, password: Password });

/** Whether moderators may record the room's meetings, and how long its recordings are kept. */
export const RoomRecordingSettingsBody = z.strictObject({
  allowed: z.boolean(),
  /** Recordings of this room older than this are deleted; null: the server's limit only. */
  maxAgeDays: z.number().int().min(1).max(36500).nullable(),
});
export type RoomRecordingSettingsBody = z.infer<typeof RoomRecordingSettingsBody>;
/** The room's co-moderators by email (member accounts); an email without an account refuses the whole change. */
const ModeratorEmails = z.array(Email).max(100);

export const CreateRoomBody = z
  .strictObject({
    name: DisplayName,
    guests: GuestPolicy.default('off'),
    accessCode: AccessCode.optional(),
    maxParticipants: z.number().int().min(2).max(500).optional(),
    lobby: LobbyPolicy.default('off'),
    joinMutedAbove: z.number().int().min(0).max(500).default(10),
    /** Big events: people join as audience, watching the program without a seat; moderators take a seat. */
    joinAsAudience: z.boolean().default(false),
    moderators: ModeratorEmails.default([]),
    recording: RoomRecordingSettingsBody.optional(),
  });
export const UpdateRoomBody = z.strictObject({
  name: DisplayName.optional(),
  guests: GuestPolicy.optional(),
  accessCode: AccessCode.optional(),
  maxParticipants: z.number().int().min(2).max(500).optional(),
  lobby: LobbyPolicy.optional(),
  joinMutedAbove: z.number().int().min(0).max(500).optional(),
  joinAsAudience: z.boolean().optional(),
  moderators: ModeratorEmails.optional(),
  recording: RoomRecordingSettingsBody.optional(),
});
export const RoomParams = z.strictObject({ id: RoomId });
/** The room's co-moderators, replacing the list (member accounts, by email). */
export const RoomModeratorsBody = z.strictObject({ emails: ModeratorEmails });
export type RoomModeratorsBody = z.infer<typeof RoomModeratorsBody>;
export type RoomModeratorView = { id: string; email: string; name: string };

/** An administrator invites a member: the person sets their own password from a one-time link. */
export const CreateUserBody = z.strictObject({ email: Email, name: DisplayName });
export const AdminUserParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not an account id') });
/** Suspend or reactivate an account, grant or revoke administrator. */
export const AdminUserChangeBody = z
  .strictObject({ status: z.enum(['active', 'suspended']).optional(), role: ServerRole.optional() })
  .refine((body) => body.status !== undefined || body.role !== undefined, 'give status or role');
export const SettingsBody = z.strictObject({ guests: z.boolean() });

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: ServerRole;
}

/** An account as the administration page lists it. */
export interface AdminUserView extends UserView {
  status: 'active' | 'suspended';
  /** Invited and no password set yet. */
  invited: boolean;
  /** Made by the directory sync. */
  directory: boolean;
  lastSignIn: string | null;
}

/** What became of an invitation: mailed, or (no mail server, or sending failed) a link for the administrator to pass on. */
export interface InvitationView {
  mailed: boolean;
  /** Only when not mailed: the one-time link to set a password. */
  link?: string;
  expiresAt: string;
}

/** Whether moot can send mail, and who asked for a password link that could not be mailed. */
export interface MailStatusView {
  configured: boolean;
  unsentResets: { userId: string; email: string; name: string; at: string }[];
}

/** How to reach a room's meeting by phone: call the number or the SIP address, then type the PIN. */
export interface DialInView {
  pin: string;
  sipUri: string;
  /** The phone number, where the operator set one. */
  number?: string;
}

export interface RoomView {
  id: string;
  name: string;
  /** Absolute join URL. */
  url: string;
  guests: GuestPolicy;
  /** Only shown to the owner. */
  accessCode?: string;
  /** Only shown to the owner, and only while dial-in is on: the PIN lets a caller in like the link does. */
  dialIn?: DialInView;
  maxParticipants: number;
  lobby: LobbyPolicy;
  joinMutedAbove: number;
  /** People join as audience (watching the program, no seat); moderators take a seat. */
  joinAsAudience: boolean;
  owner: { id: string; name: string };
  /** Emails of the room's co-moderators; only shown to the owner. */
  moderators?: string[];
  /** Only shown to the owner. */
  recording?: RoomRecordingSettingsBody;
  createdAt: string;
  /** Number of people in the meeting now (0 when no meeting runs). */
  live: number;
}

/** The rooms a member owns, and the rooms whose owner named them a moderator. */
export interface RoomListResponse {
  rooms: RoomView[];
  moderated: RoomView[];
}

export interface MeResponse {
  user: UserView | null;
  settings: { guests: boolean };
  /** The slug of the organization this page is of (null at an address that names none). */
  organization: string | null;
  /** The person administers the organization this page is of. */
  orgAdmin: boolean;
  /** Every organization the person administers, with where its pages are. */
  administers: { slug: string; name: string; url: string }[];
  /** True while the server waits for its first administrator. */
  needsSetup: boolean;
}

/** What a person about to enter a room needs to know. */
export interface RoomEntryResponse {
  room: { id: string; name: string; ownerName: string; guests: GuestPolicy; live: number };
  /** How this visitor would enter: as a member (signed in) or as a guest. */
  as: 'member' | 'guest';
  /** Null when the visitor may proceed; otherwise the reason they cannot. */
  refusal: null | 'owner-suspended' | 'members-only' | 'guests-disabled';
  needsAccessCode: boolean;
  /** Whether the server has a TURN relay: without one, "Use relay only" is not offered. */
  relay: boolean;
  /** For the room's owner and moderators: the code to pass on with the invitation. */
  accessCode?: string;
  /** For the room's owner and moderators, while dial-in is on: passed on with the invitation. */
  dialIn?: DialInView;
}

export interface SettingsView {
  guests: boolean;
}

export const RecordingParams = z.strictObject({ id: RoomId });
export const ShareRecordingBody = z.strictObject({ email: Email });
/** "Try again" on a failed recording takes no options. */
export const RetryRecordingBody = z.strictObject({});
export type RecordingState = 'recording' | 'processing' | 'ready' | 'failed';

export interface RecordingView {
  id: string;
  room: { id: string; name: string };
  name: string;
  state: RecordingState;
  /** 0-100 while processing. */
  progress: number;
  error: string | null;
  /** Bytes of video (decrypted). */
  size: number;
  durationMs: number | null;
  startedAt: string;
  /** True for the room's owner: may share, revoke and delete. */
  manage: boolean;
  /** True for the room's owner and moderators: may make time-limited links for people without an account. */
  shareLinks: boolean;
  /** True when processing failed and may be tried again (`POST` the retry route): for the owner, while the raw streams are kept. */
  retry: boolean;
  sharedWith?: { id: string; email: string; name: string }[];
}

/** Links valid for a few minutes, for this account only. */
export interface RecordingLinksView {
  view: string;
  download: string;
  expiresAt: string;
}

/** A time-limited link for people without an account: 1 to 30 days, 7 unless said. */
export const CreateShareLinkBody = z.strictObject({ days: z.number().int().min(1).max(30).default(7) });
export type CreateShareLinkBody = z.input<typeof CreateShareLinkBody>;
export const ShareLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a link token');
export const OpenShareLinkBody = z.strictObject({ token: ShareLinkToken });
export type OpenShareLinkBody = z.infer<typeof OpenShareLinkBody>;

export interface ShareLinkView {
  id: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/** Answer to creating a link: the only time its URL (holding the token) is shown. */
export interface CreatedShareLinkView extends ShareLinkView {
  url: string;
}

/** What a recorded meeting left with the recording: its shared notes as it ended and the poll results shown to everyone. */
export interface RecordedMeetingView {
  /** Plain text (Markdown as typed); null when none were kept (an imported recording, or the meeting has not ended). */
  notes: string | null;
  notesKeptAt: string | null;
  polls: PollResultView[];
}

/** What a link holder sees. */
export interface SharedRecordingView {
  name: string;
  durationMs: number | null;
  expiresAt: string;
  /** Streams the video; works only while the link does. */
  media: string;
  meeting: RecordedMeetingView;
}


export type SignInBody = z.infer<typeof SignInBody>;
export type SetupBody = z.infer<typeof SetupBody>;
export type CreateRoomBody = z.input<typeof CreateRoomBody>;
export type UpdateRoomBody = z.infer<typeof UpdateRoomBody>;
export type CreateUserBody = z.infer<typeof CreateUserBody>;
export type AdminUserChangeBody = z.infer<typeof AdminUserChangeBody>;
export type SettingsBody = z.infer<typeof SettingsBody>;

/** Accounts: password reset, re-authentication, sign out everywhere, the audit pages. */
export const PasswordResetRequestBody = z.strictObject({ email: Email });
export const PasswordResetCompleteBody = z.strictObject({ token: z.string().min(16).max(200), password: Password });
export const ConfirmPasswordBody = z.strictObject({ password: z.string().min(1).max(200) });
/** The audit log, newest first, narrowed by person (who acted or was acted on, part of an email), action and a span of time. */
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  person: z.string().trim().max(254).optional(),
  action: z.string().max(80).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;
export interface AuditLogView {
  entries: AuditEntryView[];
  /** Every action the log holds, for the filter. */
  actions: string[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  origin: string | null;
  details: Record<string, unknown> | null;
}

export interface AccessReportView {
  generatedAt: string;
  directory: string | null;
  admins: { email: string; name: string; inAdminGroup: boolean | null }[];
  lookAlikes: { accounts: { email: string; name: string }[] }[];
  notInDirectory: { email: string; name: string }[];
  directoryWithoutAccount: { uid: string; email: string; dn: string }[];
  suspendedOwners: { email: string; rooms: number; recordings: number }[];
  unused: { email: string; lastSignIn: string | null }[];
  stalePasswords: { email: string; passwordChangedAt: string | null }[];
  violations: string[];
}


export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;
export type PasswordResetCompleteBody = z.infer<typeof PasswordResetCompleteBody>;
export type ConfirmPasswordBody = z.infer<typeof ConfirmPasswordBody>;
