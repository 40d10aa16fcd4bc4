/**
 * Every error the server can answer with, and the sentence a person reads for it.
 * The code is stable for scripts and tests; the message is for humans.
 */
export const errorMessages = {
  'bad-request': 'The request was not understood.',
  'invalid-message': 'That message was malformed and was ignored.',
  'message-too-large': 'That message was too large and was ignored.',
  unauthenticated: 'Please sign in first.',
  'invalid-credentials': 'The email or password is not right.',
  forbidden: 'You are not allowed to do that.',
  'not-found': 'There is nothing here.',
  'room-not-found': 'This room does not exist. Check the link you were given.',
  'members-only': 'This room is for signed-in members only. Please sign in to join.',
  'guests-disabled': 'Guests cannot join meetings on this server at the moment.',
  'access-code-required': 'This room needs an access code.',
  'wrong-access-code': 'That access code is not right.',
  'room-full': 'This meeting is full. Try again later.',
  'meeting-ended': 'This meeting has ended.',
  'not-in-meeting': 'You are not in a meeting on this connection.',
  'already-in-meeting': 'This connection is already in a meeting.',
  'lobby-denied': 'A moderator did not let you in.',
  'invalid-join-ticket': 'This join link was already used or has expired. Go back to the site that sent you here and join again.',
  'not-found-participant': 'That person is not in this meeting any more.',
  'recording-disabled': 'Recording is turned off for this room.',
  'recording-not-retryable': 'This recording cannot be processed again.',
  'invalid-share-link': 'This link has expired or was revoked. Ask the person who sent it for a new one.',
  'unsupported-version': 'moot was updated since this page was opened. Please reload the page to continue.',
  'resume-failed': 'Your place in the meeting has expired. Please join again.',
  'email-taken': 'An account with that email already exists.',
  'unknown-accounts': 'No account uses that email. Check the spelling, or ask an administrator to invite the person first.',
  'invitation-not-needed': 'This person has set a password already and has not asked for a new one; they can use "Forgot your password?" on the sign-in page.',
  'setup-done': 'This server already has an administrator.',
  'invalid-setup-token': 'This setup link is not valid any more.',
  'reauth-required': 'Please confirm your password to continue.',
  'invalid-reset-link': 'This link is not valid any more. Ask for a new one.',
  'owner-suspended': "This room's owner account is suspended, so it cannot hold meetings. An administrator can transfer it.",
  'ldap-unavailable': 'The directory server could not be reached.',
  'rate-limited': 'Too many attempts. Please wait a moment and try again.',
  'too-many-messages': 'Your browser is sending too fast, so that message was ignored.',
  'chat-too-fast': 'You are sending chat messages too quickly. Please wait a few seconds.',
  'too-many-code-attempts': 'Too many wrong access codes were tried. Please wait before trying again.',
  'already-waiting': 'This connection is already waiting to be let in.',
  'too-many-rooms': 'You have reached the number of rooms one member may have. Delete a room you no longer use first.',
  'too-many-connections': 'Too many connections are open from your network. Close other tabs of this site and try again.',
  'media-unavailable': 'The media server is not reachable right now. Retrying…',
  'media-error': 'The media server refused this request.',
  'slides-not-pdf': 'That file is not a presentation moot can show: upload a PDF (or an ODP or PPTX file where the server converts them).',
  'slides-too-large': 'That presentation is larger than this server accepts.',
  'slides-too-many-pages': 'That presentation has more pages than this server accepts.',
  'slides-malformed': 'That PDF could not be read; it may be damaged. Export it again and retry.',
  'slides-conversion-unavailable': 'This server cannot convert ODP or PPTX files. Please upload a PDF.',
  'slides-conversion-failed': 'That presentation could not be converted to PDF. Please upload a PDF.',
  'slides-too-many-decks': 'This room keeps as many presentations as it may. Delete one first.',
  'slides-too-fast': 'You are changing slides too quickly. Please wait a moment.',
  'poll-not-found': 'That poll is over or was replaced by a newer one.',
  'poll-closed': 'This poll is closed: answers can no longer be given or changed.',
  'poll-invalid-answer': 'Choose one of the answers offered (or, where the question allows it, several).',
  'poll-too-fast': 'You are sending poll answers too quickly. Please wait a moment.',
  'breakouts-running': 'Breakout rooms are open already. Call everyone back before opening new ones.',
  'no-breakouts': 'No breakout rooms are open.',
  'breakout-room-not-found': 'That breakout room does not exist.',
  'breakout-choice-closed': 'A moderator assigns the breakout rooms. Ask them to move you.',
  'breakout-phone': 'Phone callers stay in the main room.',
  'breakout-too-fast': 'You are changing breakout rooms too quickly. Please wait a moment.',
  'collab-too-fast': 'You are drawing or typing faster than the meeting can share. Please slow down a little.',
  'collab-read-only': 'Only moderators may change this right now.',
  'collab-document-full': 'This board or these notes are full. Remove something before adding more.',
  'listening-only': 'You joined to listen and chat: this page sends no sound or picture.',
  'listen-token-invalid': 'This audio stream address is used up or too old. The page asks for a new one by itself.',
  'listen-too-fast': 'Your page asked for the audio stream too often. Please wait a moment.',
  internal: 'Something went wrong on the server.',
} as const;

export type ErrorCode = keyof typeof errorMessages;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: string[] };
}

export function errorBody(code: ErrorCode, details?: string[]): ErrorBody {
  return { error: { code, message: errorMessages[code], ...(details?.length ? { details } : {}) } };
}
