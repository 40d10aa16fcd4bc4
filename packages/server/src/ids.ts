import { randomBytes, createHash } from 'node:crypto';

/**
 * 128 random bits as base64url (22 characters): room, recording and participant ids.
 * The last character of 16 bytes in base64 carries only 2 bits and is always A, Q, g or w;
 * it goes first, so an id never starts with "-" and a command line never takes it for an option.
 */
export function randomId(): string {
  const text = randomBytes(16).toString('base64url');
  return text.slice(-1) + text.slice(0, -1);
}

/** 256 random bits, for secrets that are shown once and stored only as a hash. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets (session tokens, setup links) are stored hashed so a copy of the database grants nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
