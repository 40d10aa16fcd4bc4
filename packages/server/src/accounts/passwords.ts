import { hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended baseline.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** bcrypt hashes kept from an imported system (Greenlight); they are replaced at the next sign-in. */
const BCRYPT = /^\$2[abxy]\$\d\d\$/;

export function isLegacyHash(stored: string): boolean {
  return BCRYPT.test(stored);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so response times do not reveal which accounts exist.
    await hash(password);
    return false;
  }
  try {
    return isLegacyHash(stored) ? await bcrypt.compare(password, stored) : await verify(stored, password);
  } catch {
    return false;
  }
}
