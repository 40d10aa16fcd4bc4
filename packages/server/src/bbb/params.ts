import { z } from 'zod';

/**
 * The parameters of each call, decoded from the query string (`+` and `%20` both read as a
 * space). A refusal names BigBlueButton's messageKey, so integrations show their usual error.
 */
export class ApiFailure extends Error {
  constructor(
    readonly messageKey: string,
    message: string,
  ) {
    super(message);
  }
}

export const MeetingId = z.string().min(1).max(256).regex(/^[^\p{Cc}]+$/u);
const Text = (max: number) => z.string().max(max);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const Count = z.string().regex(/^\d{1,6}$/).transform(Number);

export const CreateParams = z.object({
  meetingID: MeetingId,
  name: Text(256).optional(),
  attendeePW: Text(256).optional(),
  moderatorPW: Text(256).optional(),
  welcome: Text(5000).optional(),
  logoutURL: Text(2000).optional(),
  voiceBridge: Text(32).optional(),
  maxParticipants: Count.optional(),
  record: Flag.optional(),
  allowStartStopRecording: Flag.optional(),
  autoStartRecording: Flag.optional(),
  muteOnStart: Flag.optional(),
  guestPolicy: z.enum(['ALWAYS_ACCEPT', 'ASK_MODERATOR', 'ALWAYS_DENY', 'ALWAYS_ACCEPT_AUTH']).optional(),
});

export const JoinParams = z.object({
  meetingID: MeetingId,
  fullName: z.string().trim().min(1).max(80),
  password: Text(256).optional(),
  role: z
    .string()
    .transform((r) => r.toUpperCase())
    .pipe(z.enum(['MODERATOR', 'VIEWER']))
    .optional(),
  userID: Text(256).optional(),
  guest: Flag.optional(),
  createTime: z.string().regex(/^\d{1,15}$/).optional(),
  redirect: Flag.optional(),
});

export const MeetingParams = z.object({ meetingID: MeetingId });

export const RecordingsQuery = z.object({
  meetingID: Text(20_000).optional(),
  recordID: Text(20_000).optional(),
  state: Text(200).optional(),
});

export const RecordIds = z.object({ recordID: z.string().min(1).max(20_000) });
export const PublishParams = RecordIds.extend({ publish: Flag });

/** The decoded parameters, or the missing or malformed one as BigBlueButton names it. */
export function parseParams<S extends z.ZodType>(schema: S, query: URLSearchParams): z.infer<S> {
  const values: Record<string, string> = {};
  for (const [key, value] of query) if (!(key in values)) values[key] = value;
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  if (values[field] === undefined) {
    const key = field === 'meetingID' ? 'missingParamMeetingID' : field === 'recordID' ? 'missingParamRecordID' : `missingParam${field.charAt(0).toUpperCase()}${field.slice(1)}`;
    throw new ApiFailure(key, `You must specify the parameter ${field}.`);
  }
  if (field === 'meetingID') throw new ApiFailure('invalidMeetingIdentifier', 'The meeting ID must be 1 to 256 characters without control characters.');
  throw new ApiFailure('invalidParam', `The parameter ${field} is not valid: ${issue.message}`);
}

/** The `meta_*` parameters, without the prefix; only names that are valid XML element names are kept. */
export function metadataOf(query: URLSearchParams): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!key.startsWith('meta_')) continue;
    const name = key.slice('meta_'.length).toLowerCase();
    if (/^[a-z_][a-z0-9_.-]{0,63}$/.test(name) && !name.startsWith('xml') && Object.keys(meta).length < 100) meta[name] = value.slice(0, 5000);
  }
  return meta;
}

/** A comma-separated list of ids, as getRecordings and friends take them. */
export function idList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
