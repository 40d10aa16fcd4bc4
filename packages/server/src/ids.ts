import { randomBytes, createHash } from 'node:crypto';

/** 128 random bits as base64url (22 characters): room ids, participant ids. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/** 256 random bits, for secrets that are shown once and stored only as a hash. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets (session tokens, setup links) are stored hashed so a copy of the database grants nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
