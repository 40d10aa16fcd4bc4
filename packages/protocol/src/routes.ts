/** The paths of every REST route and page, shared by server and client (no zod here: the browser bundle stays small). */

export const routes = {
  session: '/api/session',
  me: '/api/me',
  setup: '/api/setup',
  rooms: '/api/rooms',
  room: (id: string) => `/api/rooms/${id}`,
  roomEntry: (id: string) => `/api/rooms/${id}/entry`,
  roomModerators: (id: string) => `/api/rooms/${id}/moderators`,
  adminUsers: '/api/admin/users',
  adminUser: (id: string) => `/api/admin/users/${id}`,
  adminUserInvitation: (id: string) => `/api/admin/users/${id}/invitation`,
  adminMail: '/api/admin/mail',
  adminSettings: '/api/admin/settings',
  adminDashboard: '/api/admin/dashboard',
  adminLdapSync: '/api/admin/ldap-sync',
  roomPage: (id: string) => `/r/${id}`,
  recordings: '/api/recordings',
  recording: (id: string) => `/api/recordings/${id}`,
  recordingLinks: (id: string) => `/api/recordings/${id}/links`,
  recordingMedia: (id: string) => `/api/recordings/${id}/media`,
  recordingNotes: (id: string) => `/api/recordings/${id}/notes`,
  /** The shared notes and published polls of the meeting a recording was made in. */
  recordingMeeting: (id: string) => `/api/recordings/${id}/meeting`,
  recordingShares: (id: string) => `/api/recordings/${id}/shares`,
  recordingShare: (id: string, userId: string) => `/api/recordings/${id}/shares/${userId}`,
  roomRecordingSettings: (id: string) => `/api/rooms/${id}/recording-settings`,
  recordingShareLinks: (id: string) => `/api/recordings/${id}/share-links`,
  recordingRetry: (id: string) => `/api/recordings/${id}/retry`,
  recordingShareLink: (id: string, linkId: string) => `/api/recordings/${id}/share-links/${linkId}`,
  /** POST with the link's token in the body: it never appears in a request path (proxy logs). */
  sharedRecording: '/api/shared-recordings',
  /** Streams with the cookie that opening the link set; the link id in the path is no secret. */
  sharedRecordingMedia: (linkId: string) => `/api/shared-recordings/${linkId}/media`,
  /** The page a link holder opens; the token travels in the fragment, so it stays out of server and proxy logs. */
  watchPage: (token: string) => `/watch#${token}`,
  recordingsPage: '/recordings',
} as const;

export const accountRoutes = {
  passwordReset: '/api/password-reset',
  passwordResetComplete: '/api/password-reset/complete',
  sessionConfirm: '/api/session/confirm',
  allSessions: '/api/sessions',
  adminAudit: '/api/admin/audit',
  adminAccessAudit: '/api/admin/access-audit',
  resetPage: '/password-reset',
  resetCompletePage: '/password-reset/new',
  /** Where an invitation's one-time link leads: the reset form, greeting a newcomer. */
  invitationPage: '/password-reset/new?welcome',
} as const;
