import type {
  AdminUserChangeBody,
  AdminUserView,
  InvitationView,
  MailStatusView,
  RecordingLinksView,
  RecordingView,
  CreateRoomBody,
  CreateUserBody,
  ErrorBody,
  ErrorCode,
  MeResponse,
  RoomEntryResponse,
  RoomListResponse,
  CreatedShareLinkView,
  ShareLinkView,
  RoomView,
  SettingsView,
  SetupBody,
  SignInBody,
  UpdateRoomBody,
  UserView,
} from '@moot/protocol';
import { routes } from '@moot/protocol/plain';
import { errorText } from './i18n/errors.ts';
import { base } from './org-base.ts';
import { currentLanguage, t } from './i18n/index.ts';

/** A refusal from the server, carrying the sentence meant for the person, in their language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', errorText('network'));
  }
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(data)) {
      throw new ApiError(response.status, data.error.code, errorText(data.error.code), data.error.details);
    }
    throw new ApiError(response.status, 'internal', errorText('internal'));
  }
  return data as T;
}

/** The text to show for any failure, whether it came from the server or from the network. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'unknown-accounts' && error.details.length) {
    return t('error.unknown-accounts-listed', { count: error.details.length, emails: new Intl.ListFormat(currentLanguage()).format(error.details) });
  }
  if (error instanceof ApiError) {
    return error.details.length ? t('error.with-details', { message: error.message, details: error.details.join('; ') }) : error.message;
  }
  return errorText('internal');
}

export const api = {
  me: () => request<MeResponse>('GET', routes.me),
  signIn: (body: SignInBody) => request<{ user: UserView }>('POST', routes.session, body),
  signOut: () => request<unknown>('DELETE', routes.session),
  setup: (body: SetupBody) => request<{ user: UserView }>('POST', routes.setup, body),
  rooms: () => request<RoomListResponse>('GET', routes.rooms),
  createRoom: (body: CreateRoomBody) => request<{ room: RoomView }>('POST', routes.rooms, body),
  updateRoom: (id: string, body: UpdateRoomBody) => request<{ room: RoomView }>('PATCH', routes.room(id), body),
  deleteRoom: (id: string) => request<unknown>('DELETE', routes.room(id)),
  roomEntry: (id: string) => request<RoomEntryResponse>('GET', routes.roomEntry(id)),
  users: () => request<{ users: AdminUserView[] }>('GET', routes.adminUsers),
  createUser: (body: CreateUserBody) => request<{ user: AdminUserView; invitation: InvitationView }>('POST', routes.adminUsers, body),
  changeUser: (id: string, body: AdminUserChangeBody) => request<{ user: AdminUserView }>('PATCH', routes.adminUser(id), body),
  inviteAgain: (id: string) => request<{ invitation: InvitationView }>('POST', routes.adminUserInvitation(id)),
  mailStatus: () => request<MailStatusView>('GET', routes.adminMail),
  settings: () => request<SettingsView>('GET', routes.adminSettings),
  saveSettings: (guests: boolean) => request<SettingsView>('PUT', routes.adminSettings, { guests }),
  recordings: () => request<{ recordings: RecordingView[] }>('GET', routes.recordings),
  recording: (id: string) => request<{ recording: RecordingView }>('GET', routes.recording(id)),
  recordingLinks: (id: string) => request<RecordingLinksView>('POST', routes.recordingLinks(id)),
  shareRecording: (id: string, email: string) => request<{ sharedWith: RecordingView['sharedWith'] }>('POST', routes.recordingShares(id), { email }),
  unshareRecording: (id: string, userId: string) => request<{ sharedWith: RecordingView['sharedWith'] }>('DELETE', routes.recordingShare(id, userId)),
  deleteRecording: (id: string) => request<unknown>('DELETE', routes.recording(id)),
  shareLinks: (id: string) => request<{ links: ShareLinkView[] }>('GET', routes.recordingShareLinks(id)),
  createShareLink: (id: string, days: number) => request<{ link: CreatedShareLinkView }>('POST', routes.recordingShareLinks(id), { days }),
  revokeShareLink: (id: string, linkId: string) => request<{ links: ShareLinkView[] }>('DELETE', routes.recordingShareLink(id, linkId)),
};
