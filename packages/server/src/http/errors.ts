import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { errorBody, type ErrorCode } from '@moot/protocol';
import { zodDetails } from '../validation.ts';

const statusOf: Partial<Record<ErrorCode, number>> = {
  'bad-request': 400,
  unauthenticated: 401,
  'invalid-credentials': 401,
  forbidden: 403,
  'members-only': 403,
  'guests-disabled': 403,
  'setup-done': 409,
  'invalid-setup-token': 403,
  'email-taken': 409,
  'member-owns-rooms': 409,
  'unknown-accounts': 400,
  'invitation-not-needed': 409,
  'not-found': 404,
  'recording-not-retryable': 409,
  'recording-key-missing': 409,
  'invalid-share-link': 404,
  'room-not-found': 404,
  'reauth-required': 403,
  'invalid-reset-link': 400,
  'owner-suspended': 403,
  'ldap-unavailable': 503,
  'rate-limited': 429,
  'too-many-connections': 429,
  'too-many-rooms': 409,
  'org-room-quota': 409,
  'org-participant-quota': 409,
  'org-storage-quota': 409,
  'org-suspended': 403,
  'sso-provider-address': 422,
  'ldap-directory-address': 422,
  'message-too-large': 413,
  'slides-not-pdf': 415,
  'slides-too-large': 413,
  'slides-too-many-pages': 422,
  'slides-malformed': 422,
  'slides-conversion-unavailable': 415,
  'slides-conversion-failed': 422,
  'slides-too-many-decks': 409,
  'listen-token-invalid': 401,
};

/** An error a route answers with: a status and the protocol's code and message. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: string[],
  ) {
    super(code);
  }

  get status(): number {
    return statusOf[this.code] ?? 500;
  }
}

export function sendError(reply: FastifyReply, code: ErrorCode, details?: string[]): FastifyReply {
  return reply.code(statusOf[code] ?? 500).send(errorBody(code, details));
}

/** Parses a body, params or query with the protocol's schema; a failure is a 400 with details. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new HttpError('bad-request', zodDetails(result.error));
  return result.data;
}
