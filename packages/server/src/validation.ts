import type { z } from 'zod';

/** Zod issues as short "path: problem" lines a person (or a test) can read. */
export function zodDetails(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join('.') : 'message'}: ${i.message}`);
}
